import { describe, expect, it } from 'vitest';
import {
  analyzeArticle,
  buildGazetteer,
  findDevelopmentCandidates,
  findUnknownActors,
  splitSentences,
  type GazetteerActor,
} from '../../src/arabic';

const ar = (...texts: string[]) => texts.map((text) => ({ text, language: 'AR' as const }));

const ACTORS: GazetteerActor[] = [
  { id: 'netanyahu', kind: 'PERSON', aliases: ar('بنيامين نتنياهو', 'نتنياهو') },
  { id: 'witkoff', kind: 'PERSON', aliases: ar('ستيف ويتكوف', 'ويتكوف') },
  { id: 'kushner', kind: 'PERSON', aliases: ar('جاريد كوشنر', 'كوشنر') },
  { id: 'al-thani', kind: 'PERSON', aliases: ar('محمد بن عبد الرحمن آل ثاني') },
  { id: 'barnea', kind: 'PERSON', aliases: ar('ديفيد بارنيا', 'بارنيا') },
  { id: 'trump', kind: 'PERSON', aliases: ar('دونالد ترامب', 'ترامب') },
  { id: 'hamas', kind: 'ARMED_GROUP', aliases: ar('حماس', 'حركة حماس') },
  { id: 'us', kind: 'STATE', aliases: ar('الولايات المتحدة') },
  { id: 'israel', kind: 'STATE', aliases: ar('إسرائيل', 'تل أبيب') },
  { id: 'bahbah', kind: 'PERSON', aliases: ar('بشارة بحبح', 'بحبح', 'بهبه') },
  { id: 'al-hayya', kind: 'PERSON', aliases: ar('خليل الحية') },
  { id: 'kan-11', kind: 'MEDIA', aliases: ar('كان 11', 'هيئة البث الإسرائيلية') },
  { id: 'cabinet', kind: 'ORGANISATION', aliases: ar('الكابينيت') },
  { id: 'qatar', kind: 'STATE', aliases: ar('قطر') },
  { id: 'egypt', kind: 'STATE', aliases: ar('مصر') },
];
const gazetteer = buildGazetteer(ACTORS);

const MEETING_SENTENCE =
  'اجتمع رئيس الوزراء الإسرائيلي بنيامين نتنياهو يوم الاثنين مع المستشار السابق للبيت الأبيض جاريد كوشنر ورجل الأعمال ستيف ويتكوف';

const kinds = (text: string) => findDevelopmentCandidates(text, gazetteer).map((c) => c.developmentKind);

describe('splitSentences', () => {
  it('cuts at . ؟ ! and newlines with exact offsets, but not inside 1.4 or at commas by default', () => {
    const text =
      'يتكدس أكثر من 1.4 مليون فلسطيني نازح في رفح. هل تفتح بابًا جديدًا؟\nالتقى المبعوث الأميركي، ستيف ويتكوف، برئيس الوزراء!';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.quote)).toEqual([
      'يتكدس أكثر من 1.4 مليون فلسطيني نازح في رفح.',
      'هل تفتح بابًا جديدًا؟',
      'التقى المبعوث الأميركي، ستيف ويتكوف، برئيس الوزراء!',
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.quote);
  });

  it('cuts at commas too when asked', () => {
    expect(
      splitSentences('التقى المبعوث، ستيف ويتكوف، برئيس الوزراء', { splitOnCommas: true }).map(
        (s) => s.quote,
      ),
    ).toEqual(['التقى المبعوث،', 'ستيف ويتكوف،', 'برئيس الوزراء']);
  });
});

describe('development candidates', () => {
  it('finds the Netanyahu–Kushner–Witkoff meeting in the seed sentence', () => {
    const text = `في خطوة دبلوماسية غير رسمية، ${MEETING_SENTENCE}، وذلك لبحث سبل دفع المرحلة الثانية.`;
    const [meeting] = findDevelopmentCandidates(text, gazetteer);
    expect(meeting.kind).toBe('MEETING');
    expect(meeting.developmentKind).toBe('MEETING_HELD');
    expect(meeting.actorIds).toEqual(['netanyahu', 'kushner', 'witkoff']);
    expect(meeting.cueWords).toEqual(['اجتمع']);
    expect(text.slice(meeting.start, meeting.end)).toBe(meeting.quote);
    expect(meeting.quote).toBe(text);
    expect(meeting.confidence).toBeGreaterThan(0.7);
  });

  it('finds a meeting across the commas of an apposition, with the cue in another inflection', () => {
    const text =
      'في سياق متصل، التقى المبعوث الأميركي إلى الشرق الأوسط، ستيف ويتكوف، برئيس الوزراء القطري محمد بن عبد الرحمن آل ثاني لمناقشة دفع مقترح للإفراج عن الأسرى الإسرائيليين المحتجزين في غزة دفعة واحدة.';
    const candidates = findDevelopmentCandidates(text, gazetteer);
    expect(candidates.map((c) => [c.developmentKind, c.actorIds])).toEqual([
      ['MEETING_HELD', ['witkoff', 'al-thani']],
      ['PROPOSAL_TABLED', ['witkoff', 'al-thani']],
      ['RELEASE_OR_EXCHANGE', ['witkoff', 'al-thani']],
    ]);
    expect(candidates[0].cueWords).toEqual(['التقى']);
  });

  it('needs two actors, or one and a venue, for a meeting', () => {
    expect(kinds('اجتمع نتنياهو يوم الاثنين مع المستشارين.')).toEqual([]);
    expect(kinds('اجتمع نتنياهو يوم الاثنين في القاهرة.')).toEqual(['MEETING_HELD']);
    expect(kinds('وأفاد مسؤول بأن ممثلين عن الولايات المتحدة وحركة حماس اجتمعوا في قطر.')).toEqual([
      'MEETING_HELD',
    ]);
  });

  it('reads a conversation «مع» someone as a meeting, but not «تحدث» meaning «occur»', () => {
    expect(kinds('كما تحدث بهبه أيضًا مع كبير المفاوضين في حماس، خليل الحية.')).toEqual(['MEETING_HELD']);
    expect(kinds('هذه ليست المرة الأولى التي تحدث فيها مثل هذه الخلافات بين بحبح وحماس.')).toEqual([]);
  });

  it('reads talks in a named city, or in a state after «في», as a meeting', () => {
    const cities =
      'ووصلت المفاوضات غير المباشرة بين إسرائيل وحماس إلى طريق مسدود قبل أسبوعين، بعد عدة أيام من المحادثات في القاهرة والدوحة.';
    const [meeting] = findDevelopmentCandidates(cities, gazetteer);
    expect([meeting.developmentKind, meeting.cueWords]).toEqual([
      'MEETING_HELD',
      ['المفاوضات', 'المحادثات', 'القاهرة', 'والدوحة'],
    ]);
    expect(kinds('علمت الحكومة بمفاوضات سابقة مباشرة بين ويتكوف وقادة حماس في قطر.')).toEqual([
      'MEETING_HELD',
    ]);
    expect(kinds('وقد توقفت جولات المفاوضات السابقة بسبب خلافات جوهرية بين إسرائيل وحماس.')).toEqual([
      'TALKS_SUSPENDED',
    ]);
  });

  it('does not count outlets as parties, nor a capital standing for its state as a venue', () => {
    const reported =
      'وأفادت هيئة البث الإسرائيلية “كان 11” بأن الوسطاء يبذلون جهودًا قبيل بدء تنفيذ خطة الاحتلال الكامل لمدينة غزة، التي أقرها الكابينيت الإسرائيلي خلال اجتماعه.';
    expect(findDevelopmentCandidates(reported, gazetteer)).toEqual([]);
    const [talks] = findDevelopmentCandidates(
      'مضيفًا أن تل أبيب تتلقى إشارات من الوسطاء تفيد بأن حماس قد تعود إلى طاولة الحوار.',
      gazetteer,
    );
    expect(talks).toBeUndefined();
  });

  it('reads future and planning cues as a planned meeting', () => {
    expect(kinds('سيلتقي نتنياهو مع ويتكوف الأسبوع المقبل.')).toEqual(['MEETING_PLANNED']);
    expect(kinds('يتوجه ستيف ويتكوف اليوم الثلاثاء إلى الدوحة؛ لاستئناف المحادثات.')).toEqual([
      'MEETING_PLANNED',
      'TALKS_RESUMED',
    ]);
    expect(kinds('ومن المقرر أن يجتمع ويتكوف ونتنياهو.')).toEqual(['MEETING_PLANNED']);
    const text =
      'ويرتقب أن يلتقي المسؤولون القطريون مع قيادة حماس في الدوحة، خلال الأسبوع المقبل، لمناقشة إمكانية استئناف مفاوضات الرهائن.';
    const candidates = findDevelopmentCandidates(text, gazetteer);
    expect(candidates.map((c) => c.developmentKind)).toEqual(['MEETING_PLANNED', 'TALKS_RESUMED']);
    expect(candidates[0].cueWords).toEqual(expect.arrayContaining(['يلتقي', 'ويرتقب', 'الدوحة']));
  });

  it('reads a negated resumption as suspended talks, and refusal of a proposal as a rejection', () => {
    expect(kinds('في المقابل، صرح مسؤول من حماس إن الحركة لن تستأنف مفاوضات صفقة الرهائن.')).toEqual([
      'TALKS_SUSPENDED',
    ]);
    expect(kinds('ورفضت حماس المقترح الإسرائيلي الجديد.')).toEqual(['PROPOSAL_REJECTED']);
    expect(kinds('يرفض نتنياهو الاقتراح.')).toEqual(['PROPOSAL_REJECTED']);
    const [refusal] = findDevelopmentCandidates('بينما رفض مكتب نتنياهو الإدلاء بأي تصريحات.', gazetteer);
    expect([refusal.kind, refusal.developmentKind]).toEqual(['STANCE', 'STATEMENT']);
  });

  it('reads acceptance, release and safe passage', () => {
    const accepted =
      'في حوالي الساعة العاشرة مساءً بتوقيت الدوحة يوم الأحد، وافقت حماس رسميًا على إطلاق سراح عيدان ألكسندر.';
    expect(kinds(accepted)).toEqual(['PROPOSAL_ACCEPTED', 'RELEASE_OR_EXCHANGE']);
    expect(
      kinds('أبرز ما تم طرحه هو فكرة تأمين "ممر آمن" لنحو 200 من مقاتلي حركة حماس لمغادرة مدينة رفح.'),
    ).toEqual(['SAFE_PASSAGE']);
  });

  it('tells «علّق على» (commented) from suspending talks, and a ceasefire resumption from resumed talks', () => {
    expect(kinds('وعلق نتنياهو على العلاقات بين موسكو وبيونغ يانغ.')).toEqual(['STATEMENT']);
    expect(kinds('وعلقت قطر المفاوضات مع حماس.')).toEqual(['TALKS_SUSPENDED']);
    expect(kinds('أطلق سراح 30 آخرين مع استئناف وقف إطلاق النار الحالي بين إسرائيل وحماس.')).toEqual([
      'RELEASE_OR_EXCHANGE',
    ]);
  });

  it('suggests nothing for a sentence without a known actor, and no meeting or proposal for the unrelated Ukraine story', () => {
    expect(kinds('وجرت المناقشات في أجواء سرية؛ إذ رفض المشاركون الكشف عن هوياتهم.')).toEqual([]);
    const ukraine =
      'أعلن البيت الأبيض، الخميس، أن الولايات المتحدة ستعطي تسليم أوكرانيا أنظمة الدفاع الجوي "الأولوية". ' +
      'وعلق كيربي على العلاقات بين موسكو وبيونغ يانغ، قائلا إن اتفاقية الدفاع بين روسيا وكوريا الشمالية، والتي وقعها زعيما البلدين، تثير قلق الولايات المتحدة لكنها ليست مفاجئة.';
    const found = findDevelopmentCandidates(ukraine, gazetteer);
    expect(found.map((c) => [c.kind, c.developmentKind])).toEqual([
      ['DEVELOPMENT', 'STATEMENT'],
      ['DEVELOPMENT', 'STATEMENT'],
    ]);
  });
});

describe('unknown actor candidates', () => {
  const unknown = (text: string) => findUnknownActors(text, gazetteer).map((c) => [c.title, c.name]);

  it('finds a title followed by an unknown name, directly or between commas', () => {
    const text =
      'ونقل موقع أكسيوس عن وزير الشؤون الاستراتيجية الإسرائيلي، رون ديرمر، قوله خلال جلسة الكابينيت';
    const [candidate] = findUnknownActors(text, gazetteer);
    expect([candidate.title, candidate.name]).toEqual(['وزير الشؤون الاستراتيجية الإسرائيلي', 'رون ديرمر']);
    expect(text.slice(candidate.start, candidate.end)).toBe(candidate.quote);
    expect(text.slice(candidate.nameStart, candidate.nameEnd)).toBe('رون ديرمر');
    expect(unknown('وقال المتحدث باسم مجلس الأمن القومي، جون كيربي، للصحفيين')).toEqual([
      ['المتحدث باسم مجلس الأمن القومي', 'جون كيربي'],
    ]);
    expect(
      unknown('لا تمثل مهمة رسمية من الإدارة الأمريكية الحالية بقيادة الرئيس جو بايدن، بل هي جهد'),
    ).toEqual([['الرئيس', 'جو بايدن']]);
    const withoutAlHayya = buildGazetteer(ACTORS.filter((actor) => actor.id !== 'al-hayya'));
    const [alHayya] = findUnknownActors(
      'كما تحدث بهبه أيضًا مع كبير المفاوضين في حماس، خليل الحية.',
      withoutAlHayya,
    );
    expect([alHayya.title, alHayya.name]).toEqual(['كبير المفاوضين في حماس', 'خليل الحية']);
    expect(unknown('كما تحدث بهبه أيضًا مع كبير المفاوضين في حماس، خليل الحية.')).toEqual([]);
  });

  it('keeps the proclitic out of the title', () => {
    expect(unknown('مع بيرنز ورئيس وزراء لبنان، نجيب ميقاتي.')).toEqual([
      ['رئيس وزراء لبنان', 'نجيب ميقاتي'],
    ]);
  });

  it('ignores titles whose name is a known alias', () => {
    expect(findUnknownActors(MEETING_SENTENCE, gazetteer)).toEqual([]);
    expect(unknown('ستيف ويتكوف مبعوث الرئيس الأمريكي دونالد ترامب للشرق الأوسط')).toEqual([]);
    expect(unknown('إن مدير الموساد، ديفيد بارنيا، ناقش')).toEqual([]);
  });

  it('does not take verbs, nouns or adjectives after a title for a name', () => {
    expect(
      unknown(
        'بين مدير الاستخبارات الأميركية ورئيس جهاز الموساد الإسرائيلي ورئيس الوزراء القطري، أحرز تقدما باتجاه استئناف محادثات',
      ),
    ).toEqual([]);
    expect(unknown('ولكن لم يعط رئيس الوزراء القطري اقتراحا إسرائيليا رسميا')).toEqual([]);
    expect(unknown('ضد رئيس الوزراء الإسرائيلي بنيامين نتانياهو ووزير دفاعه.')).toEqual([]);
    expect(unknown('بينما رفض مكتب رئيس الوزراء الإسرائيلي الإدلاء بأي تصريحات.')).toEqual([]);
  });

  it('comes out of analyzeArticle together with mentions and developments from one pass', () => {
    const analysis = analyzeArticle(
      `${MEETING_SENTENCE}. وقال المتحدث باسم مجلس الأمن القومي، جون كيربي، للصحفيين إن ويتكوف التقى نتنياهو.`,
      gazetteer,
    );
    expect(analysis.mentions.map((m) => m.actorId)).toEqual([
      'netanyahu',
      'kushner',
      'witkoff',
      'witkoff',
      'netanyahu',
    ]);
    expect(analysis.unknownActors.map((c) => c.name)).toEqual(['جون كيربي']);
    // Both sentences report one meeting: one candidate resting on both quotes, and no meeting among the
    // other developments.
    expect(analysis.meetings).toHaveLength(1);
    expect(analysis.meetings[0].quotes).toHaveLength(2);
    expect(analysis.developments.filter((c) => c.kind === 'MEETING')).toEqual([]);
  });
});
