// A ~5 KB Arabic news article naming actors of the synthetic dataset, so that addArticle links mentions
// and finds candidate developments, as real ingestion does.
const paragraphs = [
  'أعلن الوسطاء في القاهرة والدوحة مساء الأحد أن جولة جديدة من المفاوضات غير المباشرة بشأن اتفاق وقف إطلاق النار في قطاع غزة وتبادل الأسرى والمحتجزين ستعقد خلال الأيام المقبلة.',
  'وقال خليل الحية، رئيس وفد حماس المفاوض، إن الحركة تسلمت المقترح الجديد وتدرسه بإيجابية، مشيرا إلى أن أي اتفاق يجب أن يضمن انسحابا كاملا ووقفا دائما للحرب.',
  'والتقى ماجد الأنصاري المتحدث باسم الخارجية القطرية بمسؤولين مصريين في القاهرة لبحث الترتيبات الأمنية في محور فيلادلفيا وعودة النازحين إلى شمال القطاع.',
  'من جهته، أكد محمد السنوار أن المقاومة لن تقبل بأي صيغة لا تتضمن إدخال المساعدات الإنسانية بشكل فوري، فيما رفضت إسرائيل المقترح المصري المعدل.',
  'وأضاف مصدر مطلع أن الوفد الأمريكي سيصل إلى الدوحة يوم الثلاثاء لاستئناف المحادثات، وأن المرحلة الأولى من الاتفاق تشمل الإفراج عن ثلاثة وثلاثين محتجزا مقابل مئات الأسرى الفلسطينيين.',
  'وذكرت مصادر دبلوماسية أن الجانبين اتفقا مبدئيا على هدنة إنسانية مدتها ستة أسابيع، تبدأ بعد توقيع الاتفاق بأربع وعشرين ساعة، مع تبادل للقوائم عبر الوسطاء.',
];

export function arabicArticle(index: number): { title: string; body: string } {
  const parts: string[] = [];
  let length = 0;
  for (let step = 0; length < 5000; step += 1) {
    const paragraph = paragraphs[(index + step) % paragraphs.length];
    parts.push(paragraph);
    length += paragraph.length * 2 + 2;
  }
  // UTF-8 Arabic is ~2 bytes a character: ~5 KB of bytes. The run number keeps bodies distinct.
  parts.push(`(تقرير رقم ${index}، ${new Date().toISOString()})`);
  return { title: `مفاوضات غزة: جولة جديدة في القاهرة والدوحة (${index})`, body: parts.join('\n\n') };
}

let counter = 0;
export function addArticleVariables(runId: string) {
  counter += 1;
  const { title, body } = arabicArticle(counter);
  return {
    input: {
      url: `https://news.example/bench/${runId}/${counter}`,
      title,
      body,
      source: 'bench',
      language: 'ar',
      publishedAt: new Date().toISOString(),
    },
  };
}
