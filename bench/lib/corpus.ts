import { normalizeArabic } from '../../src/arabic/normalize';

// Varied, deterministic Arabic news text for the bench's articles. SQL assembles each article from pools
// of sentences built here, so 10,000 articles of ~5 KB load in seconds, yet no two are alike: each picks its
// own sentences, names and filler, with diacritics, hamza forms and spelling variants (نتنياهو / نتانياهو)
// as real coverage has them. Every piece is kept raw and normalized: pieces start and end with a letter and
// are joined by whitespace, so joining the normalized pieces equals normalizing the joined raw text.

/** The names the templates slot in; a few written two ways, as Arabic outlets do. */
const people = [
  'نتنياهو',
  'نتنياهو',
  'نتنياهو',
  'نتانياهو',
  'ستيف ويتكوف',
  'جاريد كوشنر',
  'خليل الحيّة',
  'محمد بن عبد الرحمن آل ثاني',
  'بدر عبد العاطي',
  'ماجد الأنصاري',
  'حسن رشوان',
  'إيتمار بن غفير',
  'بتسلئيل سموتريتش',
  'رون ديرمر',
  'يسرائيل كاتس',
  'أنتوني بلينكن',
  'بريت ماكغورك',
  'وليام بيرنز',
  'عبد الفتاح السيسي',
  'محمود عباس',
  'حسين الشيخ',
  'زاهر جبارين',
  'أسامة حمدان',
  'باسم نعيم',
  'دافيد برنياع',
  'نيتسان ألون',
  'توني بلير',
  'جدعون ساعر',
  'إيال زامير',
];
/** Names in a few sentences only (a few percent of articles), mostly spelled one way: the bench's rare query. */
const rarePeople = ['آدم بوهلر', 'آدم بوهلر', 'آدم بويلر', 'المبعوث بوهلر'];
const rareShare = 0.004;
const cities = [
  'القاهرة',
  'الدوحة',
  'شرم الشيخ',
  'باريس',
  'غزة',
  'عمّان',
  'رام الله',
  'تل أبيب',
  'واشنطن',
  'أنقرة',
  'رفح',
  'خان يونس',
];
const topics = [
  'وقف إطلاق النار',
  'صفقة تبادل الأسرى',
  'الهدنة الإنسانية',
  'إدخال المساعدات',
  'محور فيلادلفيا',
  'معبر رفح',
  'عودة النازحين',
  'إعادة الإعمار',
  'المرحلة الثانية من الاتفاق',
  'نزع السلاح',
  'اليوم التالي للحرب',
  'قوة الاستقرار الدولية',
];

// {P} a person, {Q} another, {C} a city, {T} a topic, {N} a number. A quarter name the ceasefire outright,
// so that phrase occurs in nearly every article, as it does in this coverage.
const templates = [
  'أعلن الوسطاء في {C} أن جولة جديدة من المفاوضات بشأن اتفاق وقف إطلاق النار ستُعقد خلال الأيام المقبلة بمشاركة {P}.',
  'قال {P} إن الحركة تسلّمت المقترح الجديد بشأن {T} وتدرسه بإيجابية، مشيراً إلى أن أي اتفاق يجب أن يضمن وقفاً دائماً للحرب.',
  'التقى {P} و{Q} في {C} لبحث الترتيبات الأمنية المتعلقة بـ{T} وسبل تثبيت وقف إطلاق النار.',
  'أكد {P} أن المقاومة لن تقبل بأي صيغة لا تتضمن {T}، فيما رفضت إسرائيل المقترح المصري المعدّل.',
  'وأضاف مصدر مطلع أن الوفد الأمريكي سيصل إلى {C} يوم الثلاثاء لاستئناف المحادثات حول {T}.',
  'وذكرت مصادر دبلوماسية أن الجانبين اتفقا مبدئياً على هدنة مدتها {N} يوماً تبدأ بعد توقيع الاتفاق.',
  'ونقلت وسائل إعلام عبرية عن {P} قوله إن حكومته لن توافق على وقف إطلاق النار قبل تحقيق أهداف الحرب.',
  'وشدّد {P} على أن المفاوضات في {C} وصلت إلى مرحلة حاسمة، وأن الخلاف ما زال قائماً حول {T}.',
  'وأفادت مصادر مصرية بأن {P} أجرى اتصالاً هاتفياً مع {Q} تناول تطورات {T} وجهود الوساطة.',
  'وتتضمّن المرحلة الأولى الإفراج عن {N} محتجزاً مقابل مئات الأسرى الفلسطينيين، وفق ما أعلنه {P}.',
  'واتهم {P} الطرف الآخر بعرقلة التوصّل إلى اتفاق لوقف إطلاق النار، داعياً الوسطاء إلى الضغط من أجل {T}.',
  'وفي {C}، عقد {P} اجتماعاً مع وفد من الفصائل لبحث آليات تنفيذ {T}.',
  'ورحّب {P} بالإعلان عن وقف إطلاق النار، معتبراً أنه خطوة أولى نحو {T}.',
  'وقالت الرئاسة إن {P} سيزور {C} الأسبوع المقبل للقاء {Q} ومناقشة {T}.',
  'وأشار تقرير أممي إلى أن {N} شاحنة دخلت القطاع عبر معبر رفح منذ بدء الهدنة.',
  'وحذّر {P} من انهيار اتفاق وقف إطلاق النار إذا استمرت الخروقات في {C}.',
  'وأكّدت الخارجية القطرية أن {P} يواصل اتصالاته مع جميع الأطراف للتوصل إلى تفاهم بشأن {T}.',
  'ونفى {P} صحة التقارير التي تحدثت عن انسحاب الوفد من مفاوضات {C}.',
  'ويرى مراقبون أن تصريحات {P} الأخيرة حول {T} تعكس تحولاً في موقف حكومته.',
  'وطالب ذوو المحتجزين {P} بالإسراع في إبرام صفقة تعيد أبناءهم، وتظاهر الآلاف في {C}.',
];

// Filler from triliteral roots in common patterns (ف ع ل stand for the root letters), with clitics and
// suffixes: a vocabulary of many thousand word forms, as a real corpus has, rather than a few hundred.
const roots = [
  'كتب',
  'درس',
  'فتح',
  'حكم',
  'سلم',
  'حرب',
  'عمل',
  'نظر',
  'قرر',
  'جمع',
  'شرك',
  'وصل',
  'نقل',
  'خرج',
  'دخل',
  'رفض',
  'قبل',
  'طلب',
  'بحث',
  'حصل',
  'عرض',
  'نفذ',
  'ضمن',
  'حفظ',
  'سجل',
  'فرض',
  'علم',
  'رسل',
  'صرح',
  'شهد',
  'قصف',
  'نشر',
  'حشد',
  'فصل',
  'سحب',
  'بدل',
  'عقد',
  'وقع',
  'نقض',
  'خرق',
  'هدد',
  'ضغط',
  'دعم',
  'رعى',
  'حمل',
  'ثبت',
  'فكك',
  'ردع',
];
const patterns = [
  'فاعل',
  'مفعول',
  'تفعيل',
  'مفاعلة',
  'استفعال',
  'افتعال',
  'فعال',
  'فعيل',
  'مفعل',
  'تفاعل',
  'انفعال',
  'فعلاء',
  'أفعال',
  'فواعل',
  'مفاعيل',
  'فعلة',
  'يفعل',
  'تفعل',
];
const prefixes = ['', '', '', 'و', 'ب', 'ل', 'ال', 'وال', 'بال', 'ف'];
const suffixes = ['', '', '', 'ة', 'ات', 'ها', 'هم', 'ين', 'ون'];

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Piece {
  raw: string;
  normalized: string;
}

const piece = (raw: string): Piece => ({ raw, normalized: normalizeArabic(raw) });

/** Sentences of news: every template with drawn names, cities, topics and numbers. */
export function newsSentences(count: number, seed = 1): Piece[] {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const sentences: Piece[] = [];
  for (let index = 0; index < count; index += 1) {
    const person = next() < rareShare ? pick(rarePeople) : pick(people);
    let other = pick(people);
    if (other === person) other = people[(people.indexOf(person) + 5) % people.length];
    const text = templates[index % templates.length]
      .replace('{P}', person)
      .replace('{Q}', other)
      .replace('{C}', pick(cities))
      .replace('{T}', pick(topics))
      .replace('{N}', String(2 + Math.floor(next() * 120)));
    sentences.push(piece(text));
  }
  return sentences;
}

/** Sentences of filler words drawn from the root × pattern vocabulary. */
export function fillerSentences(count: number, seed = 2): Piece[] {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  const word = () => {
    const root = pick(roots);
    const stem = [...pick(patterns)]
      .map((char) => (char === 'ف' ? root[0] : char === 'ع' ? root[1] : char === 'ل' ? root[2] : char))
      .join('');
    return pick(prefixes) + stem + pick(suffixes);
  };
  return Array.from({ length: count }, () => piece(`${Array.from({ length: 9 }, word).join(' ')}.`));
}

/** Headlines: a topic, a person and a city; the article's number is appended in SQL. */
export function headlines(count: number, seed = 3): Piece[] {
  const next = random(seed);
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, () => piece(`${pick(topics)}: ${pick(people)} في ${pick(cities)}`));
}
