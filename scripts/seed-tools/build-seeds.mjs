// Builds the curated seed JSON in seeds/ from the facts below. Offsets are never typed by hand: every
// evidence quote is located in its article with indexOf, and a quote that occurs more than once must name
// the occurrence it means ({ nth }). Run: node scripts/seed-tools/build-seeds.mjs
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ARTICLE_FILES, articleText, occurrences, seedsDir, LETTER } from './lib.mjs';

// ---------------------------------------------------------------------------------------------------------
// Articles
// ---------------------------------------------------------------------------------------------------------
// Article 004: an unrelated story (Ukraine air defence, Russia–North Korea pact, Taiwan, Iran) is glued on.
// It starts with its own headline line, two paragraphs before the first John Kirby paragraph.
const TAIL_MARKER = 'الولايات المتحدة داعم عسكري رئيسي لأوكرانيا';
const unrelatedFrom004 = articleText('004').indexOf(TAIL_MARKER);
if (unrelatedFrom004 < 0 || articleText('004')[unrelatedFrom004 - 1] !== '\n')
  throw new Error('tail marker not at a line start');

const firstLine = (key) => articleText(key).split('\n')[0];
const lineAt = (key, index) => articleText(key).split('\n')[index];

const articles = [
  { key: '000', title: firstLine('000'), publishedAt: '2025-11-01', publishedAtPrecision: 'MONTH' },
  { key: '001', title: firstLine('001'), publishedAt: '2025-08-01', publishedAtPrecision: 'MONTH' },
  // Line 0 of 002 is the site banner ("الموقع الرسمي | القاهرة الاخبارية"); the headline is line 2.
  { key: '002', title: lineAt('002', 2), publishedAt: '2025-05-13', publishedAtPrecision: 'DAY' },
  { key: '003', title: firstLine('003'), publishedAt: '2025-03-01', publishedAtPrecision: 'MONTH' },
  // The Paris meeting was on Friday 24 May 2024, but the text also reports a briefing given "السبت"
  // (Saturday 25 May) and calls the ICC request of Monday 20 May "earlier this week": published 25 May.
  {
    key: '004',
    title: firstLine('004'),
    publishedAt: '2024-05-25',
    publishedAtPrecision: 'DAY',
    unrelatedFrom: unrelatedFrom004,
  },
].map((a) => ({
  key: a.key,
  file: ARTICLE_FILES[a.key],
  url: `file:seeds/${ARTICLE_FILES[a.key]}`,
  title: a.title,
  source: 'unknown outlet (seed corpus)',
  language: 'ar',
  publishedAt: a.publishedAt,
  publishedAtPrecision: a.publishedAtPrecision,
  ...(a.unrelatedFrom !== undefined ? { unrelatedFrom: a.unrelatedFrom } : {}),
}));
const reportedAt = Object.fromEntries(articles.map((a) => [a.key, a.publishedAt]));

// ---------------------------------------------------------------------------------------------------------
// Evidence
// ---------------------------------------------------------------------------------------------------------
function ev(article, quote, nth) {
  const text = articleText(article);
  const found = occurrences(text, quote);
  if (found.length === 0) throw new Error(`[${article}] quote not found: ${quote}`);
  if (found.length > 1 && nth === undefined)
    throw new Error(`[${article}] quote occurs ${found.length} times, pick one: ${quote}`);
  const start = found[nth ?? 0];
  if (start === undefined) throw new Error(`[${article}] no occurrence #${nth}: ${quote}`);
  const end = start + quote.length;
  if (article === '004' && end > unrelatedFrom004) throw new Error(`[004] quote in unrelated tail: ${quote}`);
  return { article, quote, start, end };
}

// ---------------------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------------------
const AR = (text) => ({ text, language: 'AR' });
const EN = (text) => ({ text, language: 'EN' });
const HE = (text) => ({ text, language: 'HE' });

const actors = [
  // States
  {
    slug: 'israel',
    kind: 'STATE',
    nameEn: 'Israel',
    nameAr: 'إسرائيل',
    wikidataId: 'Q801',
    description: 'State of Israel, party to the Gaza war and to the indirect negotiations with Hamas.',
    affiliation: null,
    aliases: [
      AR('إسرائيل'),
      AR('دولة إسرائيل'),
      AR('تل أبيب'),
      EN('Israel'),
      EN('State of Israel'),
      HE('Yisrael'),
      HE('Medinat Yisrael'),
    ],
  },
  {
    slug: 'qatar',
    kind: 'STATE',
    nameEn: 'Qatar',
    nameAr: 'قطر',
    wikidataId: 'Q846',
    description: 'State of Qatar, a mediator between Israel and Hamas alongside Egypt and the United States.',
    affiliation: null,
    aliases: [AR('قطر'), AR('دولة قطر'), EN('Qatar'), EN('State of Qatar')],
  },
  {
    slug: 'egypt',
    kind: 'STATE',
    nameEn: 'Egypt',
    nameAr: 'مصر',
    wikidataId: 'Q79',
    description: 'Egypt, a mediator between Israel and Hamas alongside Qatar and the United States.',
    affiliation: null,
    aliases: [AR('مصر'), AR('جمهورية مصر العربية'), EN('Egypt'), EN('Arab Republic of Egypt')],
  },
  {
    slug: 'united-states',
    kind: 'STATE',
    nameEn: 'United States',
    nameAr: 'الولايات المتحدة',
    wikidataId: 'Q30',
    description: 'United States, a mediator (with Egypt and Qatar) that also held direct talks with Hamas.',
    affiliation: null,
    aliases: [
      AR('الولايات المتحدة'),
      AR('الولايات المتحدة الأميركية'),
      AR('الولايات المتحدة الأمريكية'),
      AR('أمريكا'),
      AR('أميركا'),
      AR('واشنطن'),
      EN('United States'),
      EN('United States of America'),
      EN('USA'),
    ],
  },
  // Armed group
  {
    slug: 'hamas',
    kind: 'ARMED_GROUP',
    nameEn: 'Hamas',
    nameAr: 'حماس',
    wikidataId: null,
    description:
      "Palestinian Islamist movement holding the hostages in Gaza; Israel's counterpart in the indirect negotiations.",
    affiliation: null,
    aliases: [
      AR('حماس'),
      AR('حركة حماس'),
      AR('حركة المقاومة الإسلامية'),
      EN('Hamas'),
      EN('Islamic Resistance Movement'),
    ],
  },
  // Organisations and bodies
  {
    slug: 'white-house',
    kind: 'ORGANISATION',
    nameEn: 'White House',
    nameAr: 'البيت الأبيض',
    wikidataId: null,
    description: 'The US presidency; article 004 says it sees a truce as the only way to a ceasefire.',
    affiliation: 'united-states',
    aliases: [AR('البيت الأبيض'), EN('White House'), EN('The White House')],
  },
  {
    slug: 'cia',
    kind: 'ORGANISATION',
    nameEn: 'Central Intelligence Agency',
    nameAr: 'وكالة الاستخبارات المركزية الأميركية',
    wikidataId: 'Q37230',
    description:
      'US intelligence agency; its director William Burns took part in the Paris meeting of May 2024 (article 004).',
    affiliation: 'united-states',
    aliases: [
      AR('وكالة الاستخبارات المركزية الأميركية'),
      AR('وكالة المخابرات المركزية الأمريكية'),
      AR('الاستخبارات الأميركية'),
      AR('سي آي إيه'),
      EN('CIA'),
      EN('Central Intelligence Agency'),
    ],
  },
  {
    slug: 'mossad',
    kind: 'ORGANISATION',
    nameEn: 'Mossad',
    nameAr: 'الموساد',
    wikidataId: null,
    description:
      'Israeli intelligence agency; its head David Barnea took part in the Paris meeting of May 2024 (article 004).',
    affiliation: 'israel',
    aliases: [AR('الموساد'), AR('جهاز الموساد'), EN('Mossad'), HE('HaMossad')],
  },
  {
    slug: 'israeli-security-cabinet',
    kind: 'ORGANISATION',
    nameEn: 'Israeli Security Cabinet',
    nameAr: 'الكابينيت',
    wikidataId: null,
    description:
      "Israel's security cabinet; in August 2025 it approved the plan to fully occupy Gaza City (article 001).",
    affiliation: 'israel',
    aliases: [
      AR('الكابينيت'),
      AR('الكابينت'),
      AR('المجلس الوزاري المصغر'),
      EN('Security Cabinet'),
      EN('Israeli Security Cabinet'),
      HE('HaKabinet HaBitchoni'),
    ],
  },
  {
    slug: 'israel-defense-forces',
    kind: 'ORGANISATION',
    nameEn: 'Israel Defense Forces',
    nameAr: 'الجيش الإسرائيلي',
    wikidataId: null,
    description:
      "Israel's army; source of the hostage figures in article 004; Edan Alexander served in it (article 002).",
    affiliation: 'israel',
    aliases: [
      AR('الجيش الإسرائيلي'),
      AR('جيش الدفاع الإسرائيلي'),
      EN('Israel Defense Forces'),
      EN('IDF'),
      HE('Tzahal'),
    ],
  },
  {
    slug: 'israeli-prime-ministers-office',
    kind: 'ORGANISATION',
    nameEn: "Israeli Prime Minister's Office",
    nameAr: 'مكتب رئيس الوزراء الإسرائيلي',
    wikidataId: null,
    description:
      "Office of Israel's prime minister; declined to comment on the US–Hamas talks (article 003).",
    affiliation: 'israel',
    aliases: [
      AR('مكتب رئيس الوزراء الإسرائيلي'),
      EN("Prime Minister's Office"),
      EN("Israeli Prime Minister's Office"),
      HE('Misrad Rosh HaMemshala'),
    ],
  },
  {
    slug: 'us-senate',
    kind: 'ORGANISATION',
    nameEn: 'United States Senate',
    nameAr: 'مجلس الشيوخ الأمريكي',
    wikidataId: null,
    description:
      'US Senate; had not yet confirmed Adam Boehler as special envoy for hostage affairs (article 003).',
    affiliation: 'united-states',
    aliases: [
      AR('مجلس الشيوخ الأمريكي'),
      AR('مجلس الشيوخ الأميركي'),
      EN('United States Senate'),
      EN('US Senate'),
    ],
  },
  {
    slug: 'international-criminal-court',
    kind: 'ORGANISATION',
    nameEn: 'International Criminal Court',
    nameAr: 'المحكمة الجنائية الدولية',
    wikidataId: 'Q47488',
    description:
      'Its prosecutor requested arrest warrants against three Hamas leaders, Netanyahu and his defence minister in May 2024 (article 004).',
    affiliation: null,
    aliases: [
      AR('المحكمة الجنائية الدولية'),
      AR('الجنائية الدولية'),
      EN('International Criminal Court'),
      EN('ICC'),
    ],
  },
  // Media cited as sources
  {
    slug: 'kan-11',
    kind: 'MEDIA',
    nameEn: 'Kan 11',
    nameAr: 'كان 11',
    wikidataId: null,
    description: 'Israeli public broadcaster (هيئة البث الإسرائيلية), cited as a source in article 001.',
    affiliation: 'israel',
    aliases: [
      AR('كان 11'),
      AR('هيئة البث الإسرائيلية'),
      AR('هيئة البث العامة الإسرائيلية'),
      EN('Kan 11'),
      EN('Kan'),
      EN('Israeli Public Broadcasting Corporation'),
      HE('Taagid HaShidur HaYisraeli'),
    ],
  },
  {
    slug: 'channel-12',
    kind: 'MEDIA',
    nameEn: 'Channel 12',
    nameAr: 'القناة 12',
    wikidataId: null,
    description: 'Israeli television channel, cited as a source in article 001.',
    affiliation: 'israel',
    aliases: [
      AR('القناة 12'),
      AR('القناة الثانية عشرة'),
      EN('Channel 12'),
      EN('N12'),
      HE('Arutz 12'),
      HE('Hadashot 12'),
    ],
  },
  {
    slug: 'axios',
    kind: 'MEDIA',
    nameEn: 'Axios',
    nameAr: 'أكسيوس',
    wikidataId: null,
    description: 'US news website, cited as a source in articles 001, 002 and 004.',
    affiliation: null,
    aliases: [AR('أكسيوس'), AR('موقع أكسيوس'), EN('Axios')],
  },
  {
    slug: 'reuters',
    kind: 'MEDIA',
    nameEn: 'Reuters',
    nameAr: 'رويترز',
    wikidataId: 'Q130879',
    description: 'News agency, cited as a source in article 004.',
    affiliation: null,
    aliases: [AR('رويترز'), AR('وكالة رويترز'), EN('Reuters')],
  },
  {
    slug: 'new-york-times',
    kind: 'MEDIA',
    nameEn: 'The New York Times',
    nameAr: 'نيويورك تايمز',
    wikidataId: 'Q9684',
    description: 'US newspaper, cited as the source on the US–Hamas talks in article 003.',
    affiliation: null,
    aliases: [
      AR('نيويورك تايمز'),
      AR('صحيفة نيويورك تايمز'),
      EN('The New York Times'),
      EN('New York Times'),
      EN('NYT'),
    ],
  },
  // People
  {
    slug: 'benjamin-netanyahu',
    kind: 'PERSON',
    nameEn: 'Benjamin Netanyahu',
    nameAr: 'بنيامين نتنياهو',
    wikidataId: 'Q43723',
    description: 'Prime Minister of Israel.',
    affiliation: 'israel',
    aliases: [
      AR('بنيامين نتنياهو'),
      AR('بنيامين نتانياهو'),
      AR('نتنياهو'),
      AR('نتانياهو'),
      EN('Benjamin Netanyahu'),
      EN('Netanyahu'),
      HE('Binyamin Netanyahu'),
      HE('Bibi'),
    ],
  },
  {
    slug: 'jared-kushner',
    kind: 'PERSON',
    nameEn: 'Jared Kushner',
    nameAr: 'جاريد كوشنر',
    wikidataId: null,
    description:
      'Article 000 calls him a former White House adviser and architect of the Abraham Accords, leading the idea of safe passage out of Rafah.',
    affiliation: null,
    aliases: [AR('جاريد كوشنر'), AR('كوشنر'), EN('Jared Kushner'), EN('Kushner')],
  },
  {
    slug: 'steve-witkoff',
    kind: 'PERSON',
    nameEn: 'Steve Witkoff',
    nameAr: 'ستيف ويتكوف',
    wikidataId: null,
    description:
      "US envoy to the Middle East and President Trump's envoy (articles 001, 002); article 000 calls him a businessman.",
    affiliation: 'united-states',
    aliases: [
      AR('ستيف ويتكوف'),
      AR('ستيفن ويتكوف'),
      AR('ويتكوف'),
      EN('Steve Witkoff'),
      EN('Steven Witkoff'),
      EN('Witkoff'),
    ],
  },
  {
    slug: 'donald-trump',
    kind: 'PERSON',
    nameEn: 'Donald Trump',
    nameAr: 'دونالد ترامب',
    wikidataId: 'Q22686',
    description:
      'US president whose envoys Witkoff and Boehler dealt with Hamas (articles 001, 002); article 003 calls him the former US president.',
    affiliation: 'united-states',
    aliases: [AR('دونالد ترامب'), AR('ترامب'), AR('ترمب'), EN('Donald Trump'), EN('Trump')],
  },
  {
    slug: 'joe-biden',
    kind: 'PERSON',
    nameEn: 'Joe Biden',
    nameAr: 'جو بايدن',
    wikidataId: 'Q6279',
    description:
      'US president; article 004 says the war became a political problem for him; article 000 names him as leading the "current" administration.',
    affiliation: 'united-states',
    aliases: [AR('جو بايدن'), AR('بايدن'), EN('Joe Biden'), EN('Biden')],
  },
  {
    slug: 'mohammed-bin-abdulrahman-al-thani',
    kind: 'PERSON',
    nameEn: 'Mohammed bin Abdulrahman Al Thani',
    nameAr: 'محمد بن عبد الرحمن آل ثاني',
    wikidataId: null,
    description:
      'Prime Minister of Qatar; met Burns and Barnea in Paris (article 004) and Witkoff (article 001).',
    affiliation: 'qatar',
    aliases: [
      AR('محمد بن عبد الرحمن آل ثاني'),
      AR('محمد بن عبدالرحمن آل ثاني'),
      AR('الشيخ محمد بن عبد الرحمن آل ثاني'),
      AR('محمد بن عبد الرحمن بن جاسم آل ثاني'),
      EN('Mohammed bin Abdulrahman Al Thani'),
      EN('Sheikh Mohammed bin Abdulrahman bin Jassim Al Thani'),
    ],
  },
  {
    slug: 'ron-dermer',
    kind: 'PERSON',
    nameEn: 'Ron Dermer',
    nameAr: 'رون ديرمر',
    wikidataId: null,
    description: 'Israeli Minister of Strategic Affairs (article 001), close to Netanyahu (article 002).',
    affiliation: 'israel',
    aliases: [AR('رون ديرمر'), AR('ديرمر'), EN('Ron Dermer'), EN('Dermer')],
  },
  {
    slug: 'edan-alexander',
    kind: 'PERSON',
    nameEn: 'Edan Alexander',
    nameAr: 'عيدان ألكسندر',
    wikidataId: null,
    description:
      'US-Israeli soldier held by Hamas in Gaza for 583 days and released in May 2025 (articles 002, 003).',
    affiliation: 'israel-defense-forces',
    aliases: [
      AR('عيدان ألكسندر'),
      AR('إيدان ألكسندر'),
      AR('ألكسندر'),
      EN('Edan Alexander'),
      EN('Alexander'),
      HE('Idan Alexander'),
    ],
  },
  {
    slug: 'bishara-bahbah',
    kind: 'PERSON',
    nameEn: 'Bishara Bahbah',
    nameAr: 'بشارة بحبح',
    wikidataId: null,
    description:
      'Palestinian-American businessman, former leader of "Arab Americans for Trump"; back channel between Hamas and Witkoff (article 002).',
    affiliation: null,
    aliases: [AR('بشارة بحبح'), AR('بحبح'), AR('بهبه'), EN('Bishara Bahbah'), EN('Bahbah')],
  },
  {
    slug: 'khalil-al-hayya',
    kind: 'PERSON',
    nameEn: 'Khalil al-Hayya',
    nameAr: 'خليل الحية',
    wikidataId: null,
    description: "Hamas's chief negotiator (article 002).",
    affiliation: 'hamas',
    aliases: [AR('خليل الحية'), EN('Khalil al-Hayya')],
  },
  {
    slug: 'adam-boehler',
    kind: 'PERSON',
    nameEn: 'Adam Boehler',
    nameAr: 'آدم بويلر',
    wikidataId: null,
    description:
      "Trump's envoy for hostages; nominee for special envoy for hostage affairs, not yet confirmed by the Senate (article 003); held direct talks with Hamas in Qatar.",
    affiliation: 'united-states',
    aliases: [AR('آدم بويلر'), AR('بويلر'), AR('آدم بوهلر'), AR('بوهلر'), EN('Adam Boehler'), EN('Boehler')],
  },
  {
    slug: 'david-barnea',
    kind: 'PERSON',
    nameEn: 'David Barnea',
    nameAr: 'ديفيد بارنيا',
    wikidataId: null,
    description:
      "Director of the Mossad; met Burns and Qatar's prime minister in Paris in May 2024 (article 004).",
    affiliation: 'mossad',
    aliases: [
      AR('ديفيد بارنيا'),
      AR('بارنيا'),
      AR('دافيد برنياع'),
      AR('برنياع'),
      EN('David Barnea'),
      EN('Barnea'),
      HE('Dadi Barnea'),
    ],
  },
  {
    slug: 'william-burns',
    kind: 'PERSON',
    nameEn: 'William Burns',
    nameAr: 'وليام بيرنز',
    wikidataId: null,
    description:
      'Director of the CIA ("director of US intelligence" in article 004); met Barnea and Qatar\'s prime minister in Paris in May 2024.',
    affiliation: 'cia',
    aliases: [
      AR('وليام بيرنز'),
      AR('ويليام بيرنز'),
      AR('بيرنز'),
      EN('William Burns'),
      EN('Bill Burns'),
      EN('Burns'),
    ],
  },
].sort((a, b) => a.slug.localeCompare(b.slug));

// Surface forms searched for the gold mentions (Arabic, as written in the seeds). واشنطن is an alias of the
// United States but its only occurrence (002, "في واشنطن") names the city, so it is not searched.
const MENTION_FORMS = {
  israel: ['إسرائيل', 'تل أبيب'],
  qatar: ['قطر'],
  egypt: ['مصر'],
  'united-states': ['الولايات المتحدة الأميركية', 'الولايات المتحدة', 'أمريكا'],
  hamas: ['حركة حماس', 'حماس'],
  'white-house': ['البيت الأبيض'],
  cia: ['الاستخبارات الأميركية'],
  mossad: ['جهاز الموساد', 'الموساد'],
  'israeli-security-cabinet': ['الكابينيت', 'الكابينت'],
  'israel-defense-forces': ['الجيش الإسرائيلي'],
  'israeli-prime-ministers-office': ['مكتب رئيس الوزراء الإسرائيلي'],
  'us-senate': ['مجلس الشيوخ الأمريكي'],
  'international-criminal-court': ['المحكمة الجنائية الدولية'],
  'kan-11': ['هيئة البث الإسرائيلية', 'كان 11'],
  'channel-12': ['القناة 12'],
  axios: ['أكسيوس'],
  reuters: ['رويترز'],
  'new-york-times': ['نيويورك تايمز'],
  'benjamin-netanyahu': ['بنيامين نتنياهو', 'بنيامين نتانياهو', 'نتنياهو', 'نتانياهو'],
  'jared-kushner': ['جاريد كوشنر', 'كوشنر'],
  'steve-witkoff': ['ستيف ويتكوف', 'ويتكوف'],
  'donald-trump': ['دونالد ترامب', 'ترامب'],
  'joe-biden': ['جو بايدن', 'بايدن'],
  'mohammed-bin-abdulrahman-al-thani': ['محمد بن عبد الرحمن آل ثاني'],
  'ron-dermer': ['رون ديرمر', 'ديرمر'],
  'edan-alexander': ['عيدان ألكسندر', 'إيدان ألكسندر', 'ألكسندر'],
  'bishara-bahbah': ['بشارة بحبح', 'بحبح', 'بهبه'],
  'khalil-al-hayya': ['خليل الحية'],
  'adam-boehler': ['آدم بويلر', 'بويلر'],
  'david-barnea': ['ديفيد بارنيا', 'بارنيا'],
  'william-burns': ['بيرنز'],
};

// ---------------------------------------------------------------------------------------------------------
// Proposals (in order of first appearance: articles by publication date, then position)
// ---------------------------------------------------------------------------------------------------------
const proposals = [
  // --- 004 (May 2024) ---
  {
    slug: 'hostage-release-temporary-ceasefire-deal-2024-05',
    title: 'Hostage-release deal that could lead to a temporary ceasefire (May 2024)',
    summary:
      'The deal under indirect negotiation between Israel and Hamas in Cairo and Doha, which reached a deadlock about two weeks before the Paris meeting of 24 May 2024.',
    status: 'UNDER_DISCUSSION',
    tabledAt: null,
    tabledAtPrecision: 'DAY',
    proposers: [],
    revises: null,
    terms: ['Release of hostages held by Hamas in Gaza', 'Could lead to a temporary ceasefire'],
    stances: [
      {
        actor: 'white-house',
        position: 'SUPPORTS',
        summary: 'Sees a truce as the only possible way to a ceasefire and a possible end of the war.',
        asOf: '2024-05-25',
        asOfPrecision: 'DAY',
        evidence: [
          ev(
            '004',
            'ويرى البيت الأبيض أن التوصل لهدنة هي الطريق الوحيد الممكن لوقف إطلاق النار وإمكانية إنهاء الحرب',
          ),
        ],
      },
      {
        actor: 'hamas',
        position: 'CONDITIONAL',
        summary: 'Seeks the release of Palestinian prisoners held by Israel and an end to the war.',
        asOf: '2024-05-25',
        asOfPrecision: 'DAY',
        evidence: [ev('004', 'في حين تسعى الحركة إلى إطلاق سراح سجناء فلسطينيين لدى إسرائيل وإنهاء الحرب')],
      },
    ],
    evidence: [
      ev(
        '004',
        'المفاوضات غير المباشرة بين إسرائيل وحماس بشأن صفقة محتملة لإطلاق سراح الرهائن قد تؤدي إلى وقف إطلاق نار مؤقت',
      ),
    ],
  },
  {
    slug: 'paris-framework-resume-talks-2024-05',
    title: 'Paris framework to resume hostage negotiations (May 2024)',
    summary:
      "Framework discussed in Paris by Mossad director Barnea, CIA director Burns and Qatar's prime minister: negotiations to resume on the basis of new proposals, led by Egypt and Qatar with active US participation.",
    status: 'UNDER_DISCUSSION',
    tabledAt: '2024-05-24',
    tabledAtPrecision: 'DAY',
    proposers: ['david-barnea', 'william-burns', 'mohammed-bin-abdulrahman-al-thani'],
    revises: null,
    terms: [
      'Negotiations on the release of hostages resume during the following week',
      'Negotiations proceed on the basis of new proposals',
      'Negotiations led by the Egyptian and Qatari mediators',
      'Active participation of the United States',
    ],
    stances: [
      {
        actor: 'israel',
        position: 'SUPPORTS',
        summary:
          'A senior Israeli official said it was agreed that negotiations would resume the following week; the government ordered its negotiators back to the table.',
        asOf: '2024-05-25',
        asOfPrecision: 'DAY',
        evidence: [
          ev('004', 'تم الاتفاق على أنه خلال الأسبوع المقبل سيتم استئناف المفاوضات على أساس مقترحات جديدة'),
          ev('004', 'أمرت مفاوضيها بـ"العودة إلى طاولة المفاوضات من أجل التوصل إلى عودة الرهائن"'),
        ],
      },
      {
        actor: 'united-states',
        position: 'SUPPORTS',
        summary:
          'US officials acknowledged progress and are working with the Egyptian and Qatari mediators, but said no date had been set for a new round.',
        asOf: '2024-05-25',
        asOfPrecision: 'DAY',
        evidence: [
          ev('004', 'هناك تقدم. الاتصالات جارية ونحن نعمل عن كثب مع الوسطاء المصريين والقطريين'),
          ev('004', 'ولكنهم أكدوا أنه لم يتم تحديد موعد لجولة مفاوضات جديدة حتى الآن'),
        ],
      },
      {
        actor: 'hamas',
        position: 'REJECTS',
        summary:
          'A Hamas official said the movement will not resume hostage-deal negotiations as long as Israel continues the war in Gaza.',
        asOf: '2024-05-25',
        asOfPrecision: 'DAY',
        evidence: [ev('004', 'إن الحركة لن تستأنف مفاوضات صفقة الرهائن طالما أن إسرائيل تواصل الحرب في غزة')],
      },
      {
        actor: 'qatar',
        position: 'SUPPORTS',
        summary:
          'Qatari officials were expected to meet Hamas leaders in Doha the following week to discuss resuming the hostage negotiations.',
        asOf: '2024-05-25',
        asOfPrecision: 'DAY',
        evidence: [
          ev(
            '004',
            'ويرتقب أن يلتقي المسؤولون القطريون مع قيادة حماس في الدوحة، خلال الأسبوع المقبل، لمناقشة إمكانية استئناف مفاوضات الرهائن',
          ),
        ],
      },
    ],
    evidence: [
      ev('004', 'ناقش "تطوير إطار عمل لاستئناف المفاوضات بشأن إطلاق سراح الرهائن" مع بيرنز ورئيس وزراء قطر'),
      ev(
        '004',
        'أن تبدأ المفاوضات هذا الأسبوع بناء على مقترحات جديدة بقيادة الوسيطين مصر وقطر وبمشاركة أميركية نشطة',
      ),
    ],
  },
  {
    slug: 'israel-updated-position-2024-05',
    title: 'Updated Israeli negotiating position presented in Paris (May 2024)',
    summary:
      "Barnea presented the main points of Israel's updated position in Paris, but gave Qatar's prime minister no formal written Israeli proposal to pass on to Hamas. The article does not give its content.",
    status: 'TABLED',
    tabledAt: '2024-05-24',
    tabledAtPrecision: 'DAY',
    proposers: ['israel', 'david-barnea'],
    revises: null,
    terms: [],
    stances: [],
    evidence: [
      ev(
        '004',
        'وقدم بارنيا النقاط الرئيسية للموقف الإسرائيلي المحدث، ولكن لم يعط رئيس الوزراء القطري اقتراحا إسرائيليا رسميا وخطيا لإرساله إلى حماس',
      ),
    ],
  },
  // --- 003 (March 2025) ---
  {
    slug: 'ceasefire-phase-two-2025-03',
    title: 'Phase two of the Gaza ceasefire deal (March 2025)',
    summary:
      'Second phase of the deal under which the ceasefire resumed in January 2025; the Israel–Hamas deadlock in early March 2025 is over its terms.',
    status: 'UNDER_DISCUSSION',
    tabledAt: null,
    tabledAtPrecision: 'DAY',
    proposers: [],
    revises: null,
    terms: ['Comprehensive truce', 'Definitive end of the war'],
    stances: [],
    evidence: [
      ev(
        '003',
        'ويدور الجمود الحالي بين إسرائيل وحماس حول شروط المرحلة الثانية من الصفقة، التي تشمل هدنة شاملة، وإنهاء الحرب بشكل نهائي',
      ),
      ev('003', 'وهذه المرحلة تعتبر الأصعب؛ إذ تتطلب تنازلات كبيرة من كلا الجانبين'),
    ],
  },
  // --- 002 (13 May 2025) ---
  {
    slug: 'gaza-comprehensive-agreement-2025-05',
    title: 'Comprehensive agreement on Gaza (May 2025)',
    summary:
      'The comprehensive Gaza agreement pursued when Witkoff and Israeli negotiators headed to Doha on 13 May 2025 to resume ceasefire talks; the article gives no terms beyond a ceasefire.',
    status: 'UNDER_DISCUSSION',
    tabledAt: null,
    tabledAtPrecision: 'DAY',
    proposers: [],
    revises: null,
    terms: ['Ceasefire in Gaza'],
    stances: [],
    evidence: [ev('002', 'مساعٍ متواصلة لاتفاق شامل بشأن غزة')],
  },
  {
    slug: 'edan-alexander-release-2025-05',
    title: 'Release of Edan Alexander without direct compensation',
    summary:
      'Witkoff, helped by the mediators and Bishara Bahbah, convinced Hamas that releasing Edan Alexander "for free" would have a large positive effect on Trump\'s position; Hamas formally agreed on Sunday 11 May 2025.',
    status: 'ACCEPTED',
    tabledAt: '2025-05-01',
    tabledAtPrecision: 'MONTH',
    proposers: ['steve-witkoff'],
    revises: null,
    terms: [
      'Hamas releases Edan Alexander, the last living American held in Gaza',
      'No direct compensation in return ("for free")',
      'Israel does not have to give anything in exchange',
    ],
    stances: [
      {
        actor: 'hamas',
        position: 'ACCEPTS',
        summary: 'Hamas formally agreed at about 10 p.m. Doha time on Sunday to release Edan Alexander.',
        asOf: '2025-05-11',
        asOfPrecision: 'DAY',
        evidence: [
          ev(
            '002',
            'وافقت حماس رسميًا على إطلاق سراح عيدان ألكسندر، آخر أمريكي على قيد الحياة كان محتجزًا في غزة',
          ),
        ],
      },
    ],
    evidence: [
      ev(
        '002',
        'في إقناع حماس بأن إطلاق سراح ألكسندر "مجانًا"، أي دون مقابل مباشر، سيكون له تأثير إيجابي كبير على موقف ترامب',
      ),
      ev('002', 'لكنه أوضح أن إسرائيل لن تضطر إلى تقديم أي شيء مقابل إطلاق سراح ألكسندر'),
    ],
  },
  // --- 001 (August 2025) ---
  {
    slug: 'comprehensive-all-hostages-deal-2025-08',
    title: 'Comprehensive deal releasing all hostages at once (August 2025)',
    summary:
      "Ceasefire and prisoner-exchange deal releasing all hostages held in Gaza at once, pushed by the United States, Qatar and Egypt; Witkoff discussed advancing it with Qatar's prime minister.",
    status: 'UNDER_DISCUSSION',
    tabledAt: null,
    tabledAtPrecision: 'DAY',
    proposers: ['united-states', 'qatar', 'egypt'],
    revises: null,
    terms: [
      'Ceasefire in the Gaza Strip',
      'Prisoner exchange',
      'Release of all hostages held in Gaza at once',
    ],
    stances: [
      {
        actor: 'israel',
        position: 'UNDECIDED',
        summary:
          'An Israeli official involved in the negotiations said the gap over ending the war is very large, so talk of a comprehensive deal at this stage may be pointless.',
        asOf: '2025-08-01',
        asOfPrecision: 'MONTH',
        evidence: [ev('001', 'وبالتالي الحديث عن صفقة شاملة في هذه المرحلة قد يكون منعدما الفائدة')],
      },
    ],
    evidence: [
      ev('001', 'وإبرام صفقة تبادل أسرى تشمل الإفراج عن جميع المحتجزين دفعة واحدة'),
      ev('001', 'لمناقشة دفع مقترح للإفراج عن الأسرى الإسرائيليين المحتجزين في غزة دفعة واحدة'),
    ],
  },
  {
    slug: 'witkoff-partial-deal-proposal',
    title: 'Witkoff proposal for a partial deal',
    summary:
      "The US envoy Steve Witkoff's proposal for a partial deal; in August 2025 Israeli officials said a return to negotiations on it was not ruled out. The article gives no terms.",
    status: 'TABLED',
    tabledAt: null,
    tabledAtPrecision: 'DAY',
    proposers: ['steve-witkoff'],
    revises: null,
    terms: ['A partial deal (as opposed to a comprehensive one)'],
    stances: [
      {
        actor: 'israel',
        position: 'UNDECIDED',
        summary:
          "An Israeli official said a return to negotiations on a partial deal within Witkoff's proposal is not ruled out.",
        asOf: '2025-08-01',
        asOfPrecision: 'MONTH',
        evidence: [
          ev('001', 'عودة المفاوضات بشأن صفقة جزئية ضمن مقترح المبعوث الأميركي ستيف ويتكوف ليست مستبعدة'),
        ],
      },
      {
        actor: 'hamas',
        position: 'UNDECIDED',
        summary:
          'According to the Israeli official, mediators signal that Hamas may return to the negotiating table.',
        asOf: '2025-08-01',
        asOfPrecision: 'MONTH',
        evidence: [ev('001', 'تل أبيب تتلقى إشارات من الوسطاء تفيد بأن حماس قد تعود إلى طاولة الحوار')],
      },
    ],
    evidence: [ev('001', 'صفقة جزئية ضمن مقترح المبعوث الأميركي ستيف ويتكوف')],
  },
  {
    slug: 'trump-administration-end-war-proposal-2025-08',
    title: 'Forthcoming Trump administration proposal to end the war (August 2025)',
    summary:
      'Ron Dermer told the security cabinet, per Axios, that the Trump administration would present a proposal to end the war within weeks; not yet presented when the article was written.',
    status: 'UNDER_DISCUSSION',
    tabledAt: null,
    tabledAtPrecision: 'DAY',
    proposers: ['united-states'],
    revises: null,
    terms: ['End of the war'],
    stances: [
      {
        actor: 'israel',
        position: 'SUPPORTS',
        summary:
          'An Israeli official involved in the negotiations said agreement between Israel and the US is "not a problem", but Hamas\'s acceptance is still far off.',
        asOf: '2025-08-01',
        asOfPrecision: 'MONTH',
        evidence: [
          ev(
            '001',
            'التوصل إلى اتفاق بين إسرائيل والولايات المتحدة ليس مشكلة، لكن القبول بهذا الاتفاق من قبل حماس لا يزال بعيدًا',
          ),
        ],
      },
    ],
    evidence: [ev('001', 'إن إدارة ترامب ستقدم خلال الأسابيع المقبلة مقترحًا لإنهاء الحرب')],
  },
  // --- 000 (November 2025) ---
  {
    slug: 'gaza-deal-phase-two-2025-11',
    title: 'Phase two of the Gaza hostage–prisoner exchange deal (November 2025)',
    summary:
      'The second phase of the Gaza ceasefire and exchange deal discussed by Netanyahu, Kushner and Witkoff; article 000 says it is believed to include the release of Israeli soldiers held by Hamas in return for major concessions.',
    status: 'UNDER_DISCUSSION',
    tabledAt: null,
    tabledAtPrecision: 'DAY',
    proposers: [],
    revises: null,
    terms: [
      'Release of Israeli soldiers held by Hamas (believed, per the article)',
      'Major concessions in return (unspecified)',
    ],
    stances: [
      {
        actor: 'hamas',
        position: 'CONDITIONAL',
        summary: 'Demands a permanent ceasefire and a full withdrawal of Israeli forces from the Strip.',
        asOf: '2025-11-01',
        asOfPrecision: 'MONTH',
        evidence: [
          ev('000', 'حيث تطالب حماس بوقف دائم لإطلاق النار وانسحاب كامل للقوات الإسرائيلية من القطاع'),
        ],
      },
      {
        actor: 'israel',
        position: 'CONDITIONAL',
        summary: 'Insists any truce must be temporary and allow it to resume military operations later.',
        asOf: '2025-11-01',
        asOfPrecision: 'MONTH',
        evidence: [
          ev(
            '000',
            'بينما تصر إسرائيل على أن أي هدنة يجب أن تكون مؤقتة وتسمح لها باستئناف العمليات العسكرية لاحقًا',
          ),
        ],
      },
    ],
    evidence: [
      ev(
        '000',
        'المرحلة الثانية من صفقة تبادل الرهائن والأسرى، والتي يُعتقد أنها تشمل إطلاق سراح الجنود الإسرائيليين المحتجزين لدى حماس مقابل تنازلات كبيرة',
      ),
    ],
  },
  {
    slug: 'rafah-safe-passage-hamas-fighters-2025-11',
    title: 'Safe passage out of Rafah for about 200 Hamas fighters',
    summary:
      'Idea led by Jared Kushner and raised at his meeting with Netanyahu: a "safe passage" for about 200 Hamas fighters to leave Rafah, to remove an obstacle to a deal and avoid a large military operation in Rafah.',
    status: 'UNDER_DISCUSSION',
    tabledAt: '2025-11-01',
    tabledAtPrecision: 'MONTH',
    proposers: ['jared-kushner'],
    revises: null,
    terms: [
      'Safe passage ("safe corridor") for about 200 Hamas fighters',
      'The fighters leave the city of Rafah in the south of the Gaza Strip',
      'Requires the consent of several parties, including countries that might agree to host the fighters',
    ],
    stances: [],
    evidence: [
      ev(
        '000',
        'أبرز ما تم طرحه هو فكرة تأمين "ممر آمن" لنحو 200 من مقاتلي حركة حماس لمغادرة مدينة رفح جنوب قطاع غزة',
      ),
      ev('000', 'ويهدف هذا المقترح، الذي يقوده كوشنر، إلى إزالة إحدى العقبات الرئيسية أمام التوصل إلى اتفاق'),
      ev('000', 'ويتطلب موافقة أطراف متعددة، بما في ذلك دول قد توافق على استضافتهم'),
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------
// Meetings (in order of first appearance)
// ---------------------------------------------------------------------------------------------------------
const meetings = [
  // --- 004 ---
  {
    slug: 'cairo-doha-indirect-talks-2024-05',
    title: 'Indirect Israel–Hamas talks in Cairo and Doha (May 2024)',
    summary:
      'Several days of indirect talks on a hostage-release deal in Cairo and Doha that ended in deadlock about two weeks before 25 May 2024.',
    occurredAt: '2024-05-05',
    occurredAtPrecision: 'WEEK',
    venue: null,
    city: null,
    status: 'HELD',
    participants: [
      { actor: 'israel', role: 'ATTENDEE' },
      { actor: 'hamas', role: 'ATTENDEE' },
      { actor: 'egypt', role: 'MEDIATOR' },
      { actor: 'qatar', role: 'MEDIATOR' },
    ],
    proposals: ['hostage-release-temporary-ceasefire-deal-2024-05'],
    evidence: [ev('004', 'إلى طريق مسدود قبل أسبوعين، بعد عدة أيام من المحادثات في القاهرة والدوحة')],
  },
  {
    slug: 'paris-burns-barnea-al-thani-2024-05-24',
    title: "Paris meeting of CIA director Burns, Mossad director Barnea and Qatar's prime minister",
    summary:
      "Meeting in Paris on Friday 24 May 2024 that made progress towards resuming hostage-release talks; Barnea discussed a framework for resuming negotiations and presented the main points of Israel's updated position.",
    occurredAt: '2024-05-24',
    occurredAtPrecision: 'DAY',
    venue: null,
    city: 'Paris',
    status: 'HELD',
    participants: [
      { actor: 'william-burns', role: 'MEDIATOR' },
      { actor: 'mohammed-bin-abdulrahman-al-thani', role: 'MEDIATOR' },
      { actor: 'david-barnea', role: 'DELEGATION_HEAD' },
    ],
    proposals: ['paris-framework-resume-talks-2024-05', 'israel-updated-position-2024-05'],
    evidence: [
      ev(
        '004',
        'إن اجتماعا عقد في باريس، الجمعة، بين مدير الاستخبارات الأميركية ورئيس جهاز الموساد الإسرائيلي ورئيس الوزراء القطري',
      ),
      ev(
        '004',
        'إن مدير الموساد، ديفيد بارنيا، ناقش "تطوير إطار عمل لاستئناف المفاوضات بشأن إطلاق سراح الرهائن" مع بيرنز ورئيس وزراء قطر، محمد بن عبد الرحمن آل ثاني',
      ),
    ],
  },
  {
    slug: 'resumed-hostage-talks-planned-2024-05',
    title: 'Planned resumption of hostage negotiations led by Egypt and Qatar (late May 2024)',
    summary:
      'Negotiations to resume "this week" (Reuters source) or "next week" (Israeli official) on the basis of new proposals, led by Egypt and Qatar with active US participation; US officials said no date had been set, and a Hamas official said Hamas would not resume talks while the war continues.',
    occurredAt: '2024-05-26',
    occurredAtPrecision: 'WEEK',
    venue: null,
    city: null,
    status: 'PLANNED',
    participants: [
      { actor: 'egypt', role: 'MEDIATOR' },
      { actor: 'qatar', role: 'MEDIATOR' },
      { actor: 'united-states', role: 'MEDIATOR' },
      { actor: 'israel', role: 'ATTENDEE' },
    ],
    proposals: ['paris-framework-resume-talks-2024-05'],
    evidence: [
      ev(
        '004',
        'تم الاتفاق على أنه خلال الأسبوع المقبل سيتم استئناف المفاوضات على أساس مقترحات جديدة، بقيادة الوسطاء المصريين والقطريين والمشاركة الفعالة للولايات المتحدة',
      ),
      ev(
        '004',
        'أن تبدأ المفاوضات هذا الأسبوع بناء على مقترحات جديدة بقيادة الوسيطين مصر وقطر وبمشاركة أميركية نشطة',
      ),
    ],
  },
  {
    slug: 'qatar-hamas-doha-planned-2024-05',
    title: 'Planned meeting of Qatari officials with the Hamas leadership in Doha (late May 2024)',
    summary:
      'Qatari officials were expected to meet the Hamas leadership in Doha the following week to discuss resuming the hostage negotiations.',
    occurredAt: '2024-05-26',
    occurredAtPrecision: 'WEEK',
    venue: null,
    city: 'Doha',
    status: 'PLANNED',
    participants: [
      { actor: 'qatar', role: 'HOST' },
      { actor: 'hamas', role: 'ATTENDEE' },
    ],
    proposals: ['paris-framework-resume-talks-2024-05'],
    evidence: [
      ev(
        '004',
        'ويرتقب أن يلتقي المسؤولون القطريون مع قيادة حماس في الدوحة، خلال الأسبوع المقبل، لمناقشة إمكانية استئناف مفاوضات الرهائن',
      ),
    ],
  },
  // --- 003 (and 002) ---
  {
    slug: 'boehler-hamas-talks-qatar-2025-03',
    title: 'Secret direct US–Hamas talks in Qatar with Adam Boehler',
    summary:
      'Representatives of the United States, including Adam Boehler, met Hamas leaders in Qatar to discuss the hostages, the first direct contact in years; the main aim was to extend the current truce and free the remaining hostages. Article 002 dates them to March 2025.',
    occurredAt: '2025-03-01',
    occurredAtPrecision: 'MONTH',
    venue: null,
    city: null,
    status: 'HELD',
    participants: [
      { actor: 'united-states', role: 'ATTENDEE' },
      { actor: 'adam-boehler', role: 'ATTENDEE' },
      { actor: 'hamas', role: 'ATTENDEE' },
      { actor: 'qatar', role: 'HOST' },
    ],
    proposals: [],
    evidence: [
      ev(
        '003',
        'أن ممثلين عن الولايات المتحدة وحركة حماس اجتمعوا في قطر؛ لمناقشة قضية الرهائن المحتجزين في غزة',
      ),
      ev(
        '003',
        'هذه المحادثات، التي شارك فيها آدم بويلر مرشح الرئيس الأمريكي السابق دونالد ترامب لمنصب المبعوث الخاص لشؤون الرهائن',
      ),
      ev(
        '003',
        'الهدف الرئيسي كان تمديد الهدنة الحالية بين إسرائيل وحماس، والعمل على إطلاق سراح الرهائن المتبقين',
      ),
      ev('002', 'بمفاوضات سابقة مباشرة بين مبعوث ترامب للرهائن آدم بويلر وقادة حماس في قطر في مارس الماضي'),
    ],
  },
  // --- 002 ---
  {
    slug: 'witkoff-israeli-negotiators-doha-2025-05-13',
    title: 'Witkoff and Israeli negotiators in Doha to resume ceasefire talks',
    summary:
      'On Tuesday 13 May 2025 Steve Witkoff and Israeli negotiators headed to Doha to resume talks on a ceasefire in Gaza, after the release of Edan Alexander.',
    occurredAt: '2025-05-13',
    occurredAtPrecision: 'DAY',
    venue: null,
    city: 'Doha',
    status: 'PLANNED',
    participants: [
      { actor: 'qatar', role: 'HOST' },
      { actor: 'steve-witkoff', role: 'MEDIATOR' },
      { actor: 'israel', role: 'VISITOR' },
    ],
    proposals: ['gaza-comprehensive-agreement-2025-05'],
    evidence: [
      ev(
        '002',
        'يتوجه كل من ستيف ويتكوف، مبعوث الرئيس الأمريكي دونالد ترامب للشرق الأوسط، والمفاوضون الإسرائيليون، اليوم الثلاثاء، إلى الدوحة؛ لاستئناف المحادثات',
      ),
    ],
  },
  {
    slug: 'hamas-witkoff-back-channel-bahbah-2025-05',
    title: 'Hamas–Witkoff back channel through Bishara Bahbah',
    summary:
      'Secret talks that began with a message from a Hamas official to Bishara Bahbah, chosen by Hamas to reach Witkoff; about 20 messages were exchanged by calls and text messages over two weeks, and Bahbah also spoke with Khalil al-Hayya.',
    occurredAt: '2025-05-01',
    occurredAtPrecision: 'MONTH',
    venue: null,
    city: null,
    status: 'HELD',
    participants: [
      { actor: 'hamas', role: 'ATTENDEE' },
      { actor: 'khalil-al-hayya', role: 'ATTENDEE' },
      { actor: 'bishara-bahbah', role: 'MEDIATOR' },
      { actor: 'steve-witkoff', role: 'ATTENDEE' },
    ],
    proposals: ['edan-alexander-release-2025-05'],
    evidence: [
      ev('002', 'المحادثات السرية بدأت برسالة من مسؤول في حماس إلى بشارة بحبح'),
      ev(
        '002',
        'نحو 20 رسالة تم تبادلها بين الطرفين عبر مكالمات ورسائل نصية إلى بحبح خلال الأسبوعين الماضيين',
      ),
      ev('002', 'كما تحدث بهبه أيضًا مع كبير المفاوضين في حماس، خليل الحية'),
    ],
  },
  {
    slug: 'dermer-witkoff-washington-2025-05-08',
    title: 'Dermer raises the Hamas back channel with Witkoff in Washington',
    summary:
      "During Ron Dermer's visit to Washington on Thursday 8 May 2025 he raised the back channel with Witkoff, who confirmed talks were under way and said Israel would not have to give anything for Alexander's release.",
    occurredAt: '2025-05-08',
    occurredAtPrecision: 'DAY',
    venue: null,
    city: 'Washington',
    status: 'HELD',
    participants: [
      { actor: 'ron-dermer', role: 'VISITOR' },
      { actor: 'steve-witkoff', role: 'HOST' },
    ],
    proposals: ['edan-alexander-release-2025-05'],
    evidence: [
      ev(
        '002',
        'واضطر ديرمر إلى إثارة الموضوع بنفسه مع ويتكوف، فيما أكد الأخير لديرمر أن المحادثات كانت جارية',
      ),
      ev('002', 'في واشنطن، الخميس الماضي، لم يذكر نظراؤه الأمريكيون القناة الخلفية'),
    ],
  },
  // --- 001 ---
  {
    slug: 'israeli-security-cabinet-gaza-city-plan-2025-08',
    title: 'Israeli security cabinet session approving the plan to occupy Gaza City',
    summary:
      "Overnight Thursday-to-Friday session of Israel's security cabinet that approved the plan for the full occupation of Gaza City; Ron Dermer told it the Trump administration would present a proposal to end the war.",
    occurredAt: '2025-08-01',
    occurredAtPrecision: 'MONTH',
    venue: null,
    city: null,
    status: 'HELD',
    participants: [
      { actor: 'israeli-security-cabinet', role: 'HOST' },
      { actor: 'ron-dermer', role: 'ATTENDEE' },
    ],
    proposals: ['trump-administration-end-war-proposal-2025-08'],
    evidence: [
      ev('001', 'التي أقرها الكابينيت الإسرائيلي خلال اجتماعه الذي جرى بين ليل الخميس والجمعة'),
      ev(
        '001',
        'رون ديرمر، قوله خلال جلسة الكابينيت التي سبقت إقرار خطة احتلال غزة وتوسيع العمليات العسكرية',
      ),
    ],
  },
  {
    slug: 'witkoff-al-thani-all-hostages-deal-2025-08',
    title: "Witkoff meets Qatar's prime minister on a deal releasing all hostages at once",
    summary:
      "The US envoy Steve Witkoff met Qatar's prime minister Mohammed bin Abdulrahman Al Thani to discuss advancing a proposal to release all hostages held in Gaza at once.",
    occurredAt: '2025-08-01',
    occurredAtPrecision: 'MONTH',
    venue: null,
    city: null,
    status: 'HELD',
    participants: [
      { actor: 'steve-witkoff', role: 'MEDIATOR' },
      { actor: 'mohammed-bin-abdulrahman-al-thani', role: 'MEDIATOR' },
    ],
    proposals: ['comprehensive-all-hostages-deal-2025-08'],
    evidence: [
      ev(
        '001',
        'التقى المبعوث الأميركي إلى الشرق الأوسط، ستيف ويتكوف، برئيس الوزراء القطري محمد بن عبد الرحمن آل ثاني',
      ),
      ev('001', 'لمناقشة دفع مقترح للإفراج عن الأسرى الإسرائيليين المحتجزين في غزة دفعة واحدة'),
    ],
  },
  // --- 000 ---
  {
    slug: 'netanyahu-kushner-witkoff-israel-2025-11',
    title: 'Netanyahu meets Jared Kushner and Steve Witkoff in Israel',
    summary:
      'On a Monday in November 2025 Netanyahu met Kushner and Witkoff in Israel to discuss advancing phase two of the Gaza deal; the main idea raised was safe passage out of Rafah for about 200 Hamas fighters. The article calls it an informal, parallel effort.',
    occurredAt: '2025-11-01',
    occurredAtPrecision: 'MONTH',
    venue: null,
    city: null,
    status: 'HELD',
    participants: [
      { actor: 'benjamin-netanyahu', role: 'HOST' },
      { actor: 'jared-kushner', role: 'VISITOR' },
      { actor: 'steve-witkoff', role: 'VISITOR' },
    ],
    proposals: ['gaza-deal-phase-two-2025-11', 'rafah-safe-passage-hamas-fighters-2025-11'],
    evidence: [
      ev(
        '000',
        'اجتمع رئيس الوزراء الإسرائيلي بنيامين نتنياهو يوم الاثنين مع المستشار السابق للبيت الأبيض جاريد كوشنر ورجل الأعمال ستيف ويتكوف',
      ),
      ev('000', 'وذلك لبحث سبل دفع المرحلة الثانية من اتفاق محتمل لوقف إطلاق النار في قطاع غزة'),
    ],
  },
];

// ---------------------------------------------------------------------------------------------------------
// Developments (keys are per article; sorted by reportedAt, then by position in the article)
// ---------------------------------------------------------------------------------------------------------
const D = (
  article,
  kind,
  summary,
  occurredAt,
  occurredAtPrecision,
  actorsList,
  meeting,
  proposal,
  evidence,
) => ({
  article,
  kind,
  summary,
  occurredAt,
  occurredAtPrecision,
  actors: actorsList,
  meeting,
  proposal,
  evidence,
});

const developmentDrafts = [
  // --- 004 (reported 2024-05-25) ---
  D(
    '004',
    'MEETING_HELD',
    "CIA director William Burns, Mossad director David Barnea and Qatar's prime minister met in Paris and made progress towards resuming hostage-release talks.",
    '2024-05-24',
    'DAY',
    ['william-burns', 'david-barnea', 'mohammed-bin-abdulrahman-al-thani', 'cia', 'mossad', 'qatar'],
    'paris-burns-barnea-al-thani-2024-05-24',
    'paris-framework-resume-talks-2024-05',
    [
      ev('004', 'أحرز تقدما باتجاه استئناف محادثات إطلاق سراح الرهائن في غزة'),
      ev(
        '004',
        'إن اجتماعا عقد في باريس، الجمعة، بين مدير الاستخبارات الأميركية ورئيس جهاز الموساد الإسرائيلي ورئيس الوزراء القطري',
      ),
    ],
  ),
  D(
    '004',
    'TALKS_SUSPENDED',
    'Indirect Israel–Hamas negotiations on a hostage deal that could lead to a temporary ceasefire reached a deadlock after several days of talks in Cairo and Doha.',
    '2024-05-05',
    'WEEK',
    ['israel', 'hamas'],
    'cairo-doha-indirect-talks-2024-05',
    'hostage-release-temporary-ceasefire-deal-2024-05',
    [ev('004', 'إلى طريق مسدود قبل أسبوعين، بعد عدة أيام من المحادثات في القاهرة والدوحة')],
  ),
  D(
    '004',
    'STATEMENT',
    'The White House sees a truce as the only possible way to a ceasefire and a possible end to a war that had become a political problem for Biden before the presidential election.',
    null,
    'DAY',
    ['white-house', 'joe-biden'],
    null,
    'hostage-release-temporary-ceasefire-deal-2024-05',
    [
      ev(
        '004',
        'ويرى البيت الأبيض أن التوصل لهدنة هي الطريق الوحيد الممكن لوقف إطلاق النار وإمكانية إنهاء الحرب التي أصبحت مشكلة سياسية لبايدن',
      ),
    ],
  ),
  D(
    '004',
    'STATEMENT',
    'Israel seeks the release of the hostages held by Hamas, while Hamas seeks the release of Palestinian prisoners held by Israel and an end to the war.',
    null,
    'DAY',
    ['israel', 'hamas'],
    null,
    'hostage-release-temporary-ceasefire-deal-2024-05',
    [
      ev(
        '004',
        'وتسعى إسرائيل إلى إطلاق سراح الرهائن الذين تحتجزهم حماس في حين تسعى الحركة إلى إطلاق سراح سجناء فلسطينيين لدى إسرائيل وإنهاء الحرب',
      ),
    ],
  ),
  D(
    '004',
    'PROPOSAL_TABLED',
    "Barnea presented the main points of Israel's updated position in Paris but gave Qatar's prime minister no formal written Israeli proposal to send to Hamas.",
    '2024-05-24',
    'DAY',
    ['david-barnea', 'israel', 'mohammed-bin-abdulrahman-al-thani'],
    'paris-burns-barnea-al-thani-2024-05-24',
    'israel-updated-position-2024-05',
    [
      ev(
        '004',
        'وقدم بارنيا النقاط الرئيسية للموقف الإسرائيلي المحدث، ولكن لم يعط رئيس الوزراء القطري اقتراحا إسرائيليا رسميا وخطيا لإرساله إلى حماس',
      ),
    ],
  ),
  D(
    '004',
    'PROPOSAL_ACCEPTED',
    'According to a senior Israeli official, the Paris meeting ended with agreement that negotiations would resume the following week on the basis of new proposals, led by the Egyptian and Qatari mediators with active US participation.',
    '2024-05-24',
    'DAY',
    ['israel', 'egypt', 'qatar', 'united-states'],
    'paris-burns-barnea-al-thani-2024-05-24',
    'paris-framework-resume-talks-2024-05',
    [
      ev(
        '004',
        'في نهاية الاجتماع، تم الاتفاق على أنه خلال الأسبوع المقبل سيتم استئناف المفاوضات على أساس مقترحات جديدة',
      ),
    ],
  ),
  D(
    '004',
    'MEETING_PLANNED',
    'A source speaking to Reuters said it had been decided that negotiations would begin this week on the basis of new proposals, led by mediators Egypt and Qatar with active US participation.',
    '2024-05-26',
    'WEEK',
    ['egypt', 'qatar', 'united-states', 'israel'],
    'resumed-hostage-talks-planned-2024-05',
    'paris-framework-resume-talks-2024-05',
    [
      ev('004', 'إنه تم اتخاذ قرار باستئناف المحادثات هذا الأسبوع، بعد اللقاء الأخير'),
      ev(
        '004',
        'أن تبدأ المفاوضات هذا الأسبوع بناء على مقترحات جديدة بقيادة الوسيطين مصر وقطر وبمشاركة أميركية نشطة',
      ),
    ],
  ),
  D(
    '004',
    'STATEMENT',
    'US officials were more reserved about the Paris meeting: they acknowledged progress but said no date had been set for a new round of negotiations.',
    null,
    'DAY',
    ['united-states'],
    'paris-burns-barnea-al-thani-2024-05-24',
    'paris-framework-resume-talks-2024-05',
    [
      ev('004', 'كان المسؤولون الأميركيون أكثر تحفظا بشأن نتائج اجتماع باريس'),
      ev('004', 'ولكنهم أكدوا أنه لم يتم تحديد موعد لجولة مفاوضات جديدة حتى الآن'),
    ],
  ),
  D(
    '004',
    'PROPOSAL_REJECTED',
    'A Hamas official told Axios that Hamas will not resume negotiations on a hostage deal as long as Israel continues the war in Gaza.',
    null,
    'DAY',
    ['hamas'],
    null,
    'paris-framework-resume-talks-2024-05',
    [ev('004', 'إن الحركة لن تستأنف مفاوضات صفقة الرهائن طالما أن إسرائيل تواصل الحرب في غزة')],
  ),
  D(
    '004',
    'MEETING_PLANNED',
    'Qatari officials are expected to meet the Hamas leadership in Doha the following week to discuss resuming the hostage negotiations.',
    '2024-05-26',
    'WEEK',
    ['qatar', 'hamas'],
    'qatar-hamas-doha-planned-2024-05',
    'paris-framework-resume-talks-2024-05',
    [
      ev(
        '004',
        'ويرتقب أن يلتقي المسؤولون القطريون مع قيادة حماس في الدوحة، خلال الأسبوع المقبل، لمناقشة إمكانية استئناف مفاوضات الرهائن',
      ),
    ],
  ),
  D(
    '004',
    'STATEMENT',
    'According to the latest Israeli army update, 121 of the 252 people abducted on 7 October remain held in Gaza, 37 of whom have died.',
    null,
    'DAY',
    ['israel-defense-forces', 'hamas'],
    null,
    null,
    [ev('004', 'لا يزال 121 منهم محتجزين في قطاع غزة بينهم 37 لقوا مصرعهم، وفق آخر تحديث للجيش الإسرائيلي')],
  ),
  D(
    '004',
    'STATEMENT',
    "Although it criticised the ICC prosecutor's request for arrest warrants against three Hamas leaders, Netanyahu and his defence minister, the Israeli government ordered its negotiators back to the negotiating table.",
    '2024-05-19',
    'WEEK',
    ['israel', 'international-criminal-court', 'benjamin-netanyahu', 'hamas'],
    null,
    'paris-framework-resume-talks-2024-05',
    [
      ev(
        '004',
        'طلب المدعي العام للمحكمة الجنائية الدولية إصدار مذكرات اعتقال ضد ثلاثة قادة في حماس وضد رئيس الوزراء الإسرائيلي بنيامين نتانياهو ووزير دفاعه',
      ),
      ev(
        '004',
        'ورغم انتقاد الحكومة الإسرائيلية إعلان المدعي العام، إلا أنها أمرت مفاوضيها بـ"العودة إلى طاولة المفاوضات من أجل التوصل إلى عودة الرهائن"',
      ),
    ],
  ),

  // --- 003 (reported 2025-03-01) ---
  D(
    '003',
    'MEETING_HELD',
    'The United States, departing from its policy of no direct contact, held secret direct talks with Hamas leaders in Qatar on the hostages, with Adam Boehler taking part.',
    '2025-03-01',
    'MONTH',
    ['united-states', 'hamas', 'adam-boehler', 'qatar'],
    'boehler-hamas-talks-qatar-2025-03',
    null,
    [
      ev('003', 'إذ أجرت محادثات سرية مع قادة المجموعة في قطر؛ لمناقشة مصير الرهائن المحتجزين في قطاع غزة'),
      ev(
        '003',
        'هذه المحادثات، التي شارك فيها آدم بويلر مرشح الرئيس الأمريكي السابق دونالد ترامب لمنصب المبعوث الخاص لشؤون الرهائن',
      ),
    ],
  ),
  D(
    '003',
    'STATEMENT',
    'The main aim of the US–Hamas talks was to extend the current truce between Israel and Hamas and to work towards freeing the remaining hostages.',
    '2025-03-01',
    'MONTH',
    ['united-states', 'hamas', 'israel'],
    'boehler-hamas-talks-qatar-2025-03',
    null,
    [
      ev(
        '003',
        'الهدف الرئيسي كان تمديد الهدنة الحالية بين إسرائيل وحماس، والعمل على إطلاق سراح الرهائن المتبقين',
      ),
    ],
  ),
  D(
    '003',
    'STATEMENT',
    'Israeli estimates put about 24 hostages still alive in Gaza, including the US citizen Edan Alexander, plus the bodies of 35 others.',
    null,
    'DAY',
    ['israel', 'edan-alexander'],
    null,
    null,
    [
      ev(
        '003',
        'لا يزال نحو 24 رهينة على قيد الحياة محتجزين في غزة، بينهم المواطن الأمريكي إيدان ألكسندر، إضافة إلى جثث 35 آخرين',
      ),
    ],
  ),
  D(
    '003',
    'RELEASE_OR_EXCHANGE',
    'Of about 250 people abducted in Hamas\'s October 2023 attack, more than 100 were released during a short truce that the article places "late last year".',
    null,
    'DAY',
    ['hamas', 'israel'],
    null,
    null,
    [
      ev(
        '003',
        'تم اختطاف نحو 250 شخصًا، تم إطلاق سراح أكثر من 100 منهم خلال هدنة قصيرة في أواخر العام الماضي',
      ),
    ],
  ),
  D(
    '003',
    'RELEASE_OR_EXCHANGE',
    'Thirty more hostages were released when the current ceasefire resumed in January 2025.',
    '2025-01-01',
    'MONTH',
    ['hamas', 'israel'],
    null,
    null,
    [ev('003', 'بينما أطلق سراح 30 آخرين مع استئناف وقف إطلاق النار الحالي في يناير الماضي')],
  ),
  D(
    '003',
    'STATEMENT',
    'Qatar and Egypt have played pivotal roles as mediators between Israel and Hamas since the war began.',
    null,
    'DAY',
    ['qatar', 'egypt', 'israel', 'hamas'],
    null,
    null,
    [ev('003', 'لعبت قطر ومصر أدوارًا محورية في الوساطة بين إسرائيل وحماس منذ اندلاع الحرب الأخيرة في غزة')],
  ),
  D(
    '003',
    'STATEMENT',
    'The current deadlock between Israel and Hamas is over the terms of phase two of the deal, which includes a comprehensive truce and a definitive end to the war.',
    null,
    'DAY',
    ['israel', 'hamas'],
    null,
    'ceasefire-phase-two-2025-03',
    [
      ev(
        '003',
        'ويدور الجمود الحالي بين إسرائيل وحماس حول شروط المرحلة الثانية من الصفقة، التي تشمل هدنة شاملة، وإنهاء الحرب بشكل نهائي',
      ),
    ],
  ),
  D(
    '003',
    'STATEMENT',
    'Adam Boehler, nominated as special envoy for hostage affairs, had not yet been confirmed by the US Senate, raising questions about his continued role in the negotiations.',
    null,
    'DAY',
    ['adam-boehler', 'us-senate'],
    null,
    null,
    [
      ev(
        '003',
        'آدم بويلر، الذي تم ترشيحه لمنصب المبعوث الخاص لشؤون الرهائن، لم يتم تأكيده بعد من قِبل مجلس الشيوخ الأمريكي',
      ),
    ],
  ),
  D(
    '003',
    'STATEMENT',
    "Hamas issued no official comment on the talks and the Israeli Prime Minister's Office declined to comment.",
    null,
    'DAY',
    ['hamas', 'israeli-prime-ministers-office'],
    'boehler-hamas-talks-qatar-2025-03',
    null,
    [
      ev(
        '003',
        'كما أن حماس لم تصدر أي تعليق رسمي حول المحادثات، بينما رفض مكتب رئيس الوزراء الإسرائيلي الإدلاء بأي تصريحات',
      ),
    ],
  ),

  // --- 002 (reported 2025-05-13) ---
  D(
    '002',
    'MEETING_PLANNED',
    'Steve Witkoff and Israeli negotiators head to Doha on Tuesday 13 May 2025 to resume talks on a ceasefire in Gaza.',
    '2025-05-13',
    'DAY',
    ['steve-witkoff', 'israel', 'qatar'],
    'witkoff-israeli-negotiators-doha-2025-05-13',
    'gaza-comprehensive-agreement-2025-05',
    [
      ev(
        '002',
        'والمفاوضون الإسرائيليون، اليوم الثلاثاء، إلى الدوحة؛ لاستئناف المحادثات بشأن وقف إطلاق النار في غزة',
      ),
    ],
  ),
  D(
    '002',
    'RELEASE_OR_EXCHANGE',
    'Hamas released the US-Israeli soldier Edan Alexander after 583 days in captivity, following successful mediation.',
    '2025-05-12',
    'DAY',
    ['edan-alexander', 'hamas'],
    null,
    'edan-alexander-release-2025-05',
    [
      ev(
        '002',
        'بعد نجاح وساطة في إطلاق سراح الجندي الأمريكي-الإسرائيلي عيدان ألكسندر الذي أمضى 583 يومًا في الاحتجاز لدى حركة حماس',
      ),
    ],
  ),
  D(
    '002',
    'STATEMENT',
    'Israel threatens a large-scale military operation if the negotiations fail.',
    null,
    'DAY',
    ['israel'],
    null,
    null,
    [ev('002', 'مع التهديد الإسرائيلي بعملية عسكرية واسعة النطاق في حال فشل المفاوضات')],
  ),
  D(
    '002',
    'MEETING_HELD',
    'Secret back-channel talks began with a message from a Hamas official to Bishara Bahbah, whom Hamas chose as intermediary to reach Witkoff; about 20 messages were exchanged over two weeks.',
    '2025-05-01',
    'MONTH',
    ['hamas', 'bishara-bahbah', 'steve-witkoff', 'khalil-al-hayya'],
    'hamas-witkoff-back-channel-bahbah-2025-05',
    'edan-alexander-release-2025-05',
    [
      ev('002', 'المحادثات السرية بدأت برسالة من مسؤول في حماس إلى بشارة بحبح'),
      ev(
        '002',
        'نحو 20 رسالة تم تبادلها بين الطرفين عبر مكالمات ورسائل نصية إلى بحبح خلال الأسبوعين الماضيين',
      ),
    ],
  ),
  D(
    '002',
    'PROPOSAL_TABLED',
    'Witkoff, with the help of the mediators and Bahbah, convinced Hamas that releasing Edan Alexander "for free" would have a large positive effect on Trump\'s position.',
    '2025-05-01',
    'MONTH',
    ['steve-witkoff', 'bishara-bahbah', 'hamas', 'donald-trump'],
    null,
    'edan-alexander-release-2025-05',
    [
      ev(
        '002',
        'نجح ويتكوف، بمساعدة الوسطاء وبحبح، في إقناع حماس بأن إطلاق سراح ألكسندر "مجانًا"، أي دون مقابل مباشر',
      ),
    ],
  ),
  D(
    '002',
    'PROPOSAL_ACCEPTED',
    'At about 10 p.m. Doha time on Sunday 11 May 2025, Hamas formally agreed to release Edan Alexander, the last living American held in Gaza.',
    '2025-05-11',
    'DAY',
    ['hamas', 'edan-alexander'],
    null,
    'edan-alexander-release-2025-05',
    [
      ev(
        '002',
        'في حوالي الساعة العاشرة مساءً بتوقيت الدوحة يوم الأحد، وافقت حماس رسميًا على إطلاق سراح عيدان ألكسندر',
      ),
    ],
  ),
  D(
    '002',
    'STATEMENT',
    'Israeli officials said Hamas obtained no commitments from Trump and took a "calculated risk" hoping for US sympathy and a clear statement from Trump.',
    null,
    'DAY',
    ['hamas', 'donald-trump'],
    null,
    'edan-alexander-release-2025-05',
    [
      ev('002', 'لم تحصل حماس على أي تعهدات من ترامب. كانوا يأملون في كسب تعاطفه، لكن يبدو أن ذلك لم ينجح'),
      ev('002', 'أن حماس اتخذت "مخاطرة محسوبة" بهذا القرار'),
    ],
  ),
  D(
    '002',
    'STATEMENT',
    'Israel learned of the secret talks on Alexander not from the White House but from its own intelligence services, pointing to continued tension in Israeli–US relations.',
    null,
    'DAY',
    ['israel', 'white-house', 'united-states'],
    'hamas-witkoff-back-channel-bahbah-2025-05',
    'edan-alexander-release-2025-05',
    [
      ev(
        '002',
        'أن إسرائيل علمت بالمحادثات السرية بشأن ألكسندر، وهو جندي في الجيش الإسرائيلي، وذلك ليس عن طريق البيت الأبيض بل من أجهزة استخباراتها الخاصة',
      ),
    ],
  ),
  D(
    '002',
    'MEETING_HELD',
    "In Washington on Thursday 8 May 2025 Ron Dermer raised the back channel with Witkoff, who confirmed the talks and said Israel would not have to give anything for Alexander's release.",
    '2025-05-08',
    'DAY',
    ['ron-dermer', 'steve-witkoff'],
    'dermer-witkoff-washington-2025-05-08',
    'edan-alexander-release-2025-05',
    [
      ev(
        '002',
        'واضطر ديرمر إلى إثارة الموضوع بنفسه مع ويتكوف، فيما أكد الأخير لديرمر أن المحادثات كانت جارية',
      ),
      ev('002', 'لكنه أوضح أن إسرائيل لن تضطر إلى تقديم أي شيء مقابل إطلاق سراح ألكسندر'),
    ],
  ),
  D(
    '002',
    'STATEMENT',
    "Israel had also learned through its intelligence of Boehler's earlier direct talks with Hamas leaders in Qatar in March, and Trump's advisers believe Netanyahu's aides leaked them to the press to derail them.",
    '2025-03-01',
    'MONTH',
    ['israel', 'adam-boehler', 'hamas', 'donald-trump', 'benjamin-netanyahu'],
    'boehler-hamas-talks-qatar-2025-03',
    null,
    [
      ev(
        '002',
        'علمت الحكومة الإسرائيلية أيضًا بمفاوضات سابقة مباشرة بين مبعوث ترامب للرهائن آدم بويلر وقادة حماس في قطر في مارس الماضي',
      ),
      ev('002', 'ويعتقد مستشارو ترامب حتى اليوم أن مساعدي نتنياهو سربوا تلك المفاوضات للصحافة بهدف إفشالها'),
    ],
  ),

  // --- 001 (reported 2025-08-01) ---
  D(
    '001',
    'STATEMENT',
    'The United States, Qatar and Egypt are pressing Israel and Hamas to resume negotiations on a ceasefire and an exchange deal releasing all hostages at once, before Israel starts carrying out its plan to occupy Gaza City.',
    null,
    'DAY',
    ['united-states', 'qatar', 'egypt', 'israel', 'hamas'],
    null,
    'comprehensive-all-hostages-deal-2025-08',
    [
      ev(
        '001',
        'تمارس الولايات المتحدة الأميركية وقطر ومصر ضغوطًا مكثفة على كل من إسرائيل وحركة حماس من أجل استئناف المفاوضات',
      ),
      ev(
        '001',
        'بأن الوسطاء يبذلون جهودًا لاستئناف المحادثات بين الطرفين قبيل بدء تنفيذ خطة الاحتلال الكامل لمدينة غزة',
      ),
    ],
  ),
  D(
    '001',
    'MEETING_HELD',
    "Israel's security cabinet, meeting overnight from Thursday to Friday, approved the plan for the full occupation of Gaza City.",
    '2025-08-01',
    'MONTH',
    ['israeli-security-cabinet'],
    'israeli-security-cabinet-gaza-city-plan-2025-08',
    null,
    [
      ev(
        '001',
        'خطة الاحتلال الكامل لمدينة غزة، التي أقرها الكابينيت الإسرائيلي خلال اجتماعه الذي جرى بين ليل الخميس والجمعة',
      ),
    ],
  ),
  D(
    '001',
    'STATEMENT',
    'Israel told the United States it is ready to halt the military operation if an agreement is reached, even after the operation has begun.',
    null,
    'DAY',
    ['israel', 'united-states'],
    null,
    null,
    [
      ev(
        '001',
        'أبلغت إسرائيل الجانب الأميركي بأنها مستعدة لوقف العملية العسكرية في حال توصلت إلى اتفاق، حتى وإن بدأت بتنفيذها',
      ),
    ],
  ),
  D(
    '001',
    'STATEMENT',
    'An Israeli official said the door to an agreement is not yet closed, despite the opposition of some ministers in the security cabinet.',
    null,
    'DAY',
    ['israel', 'israeli-security-cabinet'],
    null,
    null,
    [ev('001', 'الباب لم يُغلق بعد أمام إمكانية التوصل إلى اتفاق، رغم معارضة بعض الوزراء في الكابينيت')],
  ),
  D(
    '001',
    'STATEMENT',
    "Israeli officials told Channel 12 a partial deal may be close and a return to talks on a partial deal within Witkoff's proposal is not ruled out, with mediators signalling Hamas may return to the table.",
    null,
    'DAY',
    ['israel', 'steve-witkoff', 'hamas'],
    null,
    'witkoff-partial-deal-proposal',
    [
      ev('001', 'هناك احتمالاً قريبًا للتوصل إلى صفقة جزئية'),
      ev('001', 'عودة المفاوضات بشأن صفقة جزئية ضمن مقترح المبعوث الأميركي ستيف ويتكوف ليست مستبعدة'),
      ev('001', 'تل أبيب تتلقى إشارات من الوسطاء تفيد بأن حماس قد تعود إلى طاولة الحوار'),
    ],
  ),
  D(
    '001',
    'STATEMENT',
    'An Israeli official said that with more humanitarian aid entering Gaza the "starvation campaign" (the article\'s wording) was losing effect, and that videos of starving hostages might push Hamas back to negotiations.',
    null,
    'DAY',
    ['israel', 'hamas'],
    null,
    null,
    [
      ev('001', 'بدأت حملة التجويع التي تنفذها إسرائيل تفقد فعاليتها'),
      ev('001', 'ما قد يدفع حماس إلى التفاوض مجددًا'),
    ],
  ),
  D(
    '001',
    'MEETING_HELD',
    "US envoy Steve Witkoff met Qatar's prime minister Mohammed bin Abdulrahman Al Thani to discuss advancing a proposal to release all hostages held in Gaza at once.",
    '2025-08-01',
    'MONTH',
    ['steve-witkoff', 'mohammed-bin-abdulrahman-al-thani', 'united-states', 'qatar'],
    'witkoff-al-thani-all-hostages-deal-2025-08',
    'comprehensive-all-hostages-deal-2025-08',
    [
      ev(
        '001',
        'التقى المبعوث الأميركي إلى الشرق الأوسط، ستيف ويتكوف، برئيس الوزراء القطري محمد بن عبد الرحمن آل ثاني',
      ),
      ev('001', 'لمناقشة دفع مقترح للإفراج عن الأسرى الإسرائيليين المحتجزين في غزة دفعة واحدة'),
    ],
  ),
  D(
    '001',
    'STATEMENT',
    'Ron Dermer told the security cabinet, according to Axios, that the Trump administration would present a proposal to end the war within the coming weeks.',
    '2025-08-01',
    'MONTH',
    ['ron-dermer', 'israeli-security-cabinet', 'united-states', 'donald-trump'],
    'israeli-security-cabinet-gaza-city-plan-2025-08',
    'trump-administration-end-war-proposal-2025-08',
    [ev('001', 'إن إدارة ترامب ستقدم خلال الأسابيع المقبلة مقترحًا لإنهاء الحرب')],
  ),
  D(
    '001',
    'STATEMENT',
    "An Israeli official involved in the talks said agreement between Israel and the US is not the problem but Hamas's acceptance is far off, and the gap over ending the war makes talk of a comprehensive deal pointless for now.",
    null,
    'DAY',
    ['israel', 'united-states', 'hamas'],
    null,
    'trump-administration-end-war-proposal-2025-08',
    [
      ev(
        '001',
        'التوصل إلى اتفاق بين إسرائيل والولايات المتحدة ليس مشكلة، لكن القبول بهذا الاتفاق من قبل حماس لا يزال بعيدًا',
      ),
      ev('001', 'الفجوة بين الطرفين في ما يتعلق بإنهاء الحرب كبيرة للغاية'),
    ],
  ),

  // --- 000 (reported 2025-11-01) ---
  D(
    '000',
    'MEETING_HELD',
    'Netanyahu met Jared Kushner and Steve Witkoff in Israel on a Monday to discuss ways of advancing phase two of a possible Gaza ceasefire agreement.',
    '2025-11-01',
    'MONTH',
    ['benjamin-netanyahu', 'jared-kushner', 'steve-witkoff'],
    'netanyahu-kushner-witkoff-israel-2025-11',
    'gaza-deal-phase-two-2025-11',
    [
      ev(
        '000',
        'اجتمع رئيس الوزراء الإسرائيلي بنيامين نتنياهو يوم الاثنين مع المستشار السابق للبيت الأبيض جاريد كوشنر ورجل الأعمال ستيف ويتكوف',
      ),
    ],
  ),
  D(
    '000',
    'TALKS_SUSPENDED',
    'The formal negotiations led by Egypt, Qatar and the United States have been at a dead end for weeks, according to the article.',
    null,
    'DAY',
    ['egypt', 'qatar', 'united-states'],
    null,
    'gaza-deal-phase-two-2025-11',
    [ev('000', 'تواجه المفاوضات الرسمية التي تقودها مصر وقطر والولايات المتحدة طريقًا مسدودًا منذ أسابيع')],
  ),
  D(
    '000',
    'SAFE_PASSAGE',
    'The main idea raised at the meeting, led by Kushner, was a "safe passage" for about 200 Hamas fighters to leave Rafah, to remove an obstacle to a deal and avoid a large military operation there.',
    '2025-11-01',
    'MONTH',
    ['jared-kushner', 'hamas', 'benjamin-netanyahu'],
    'netanyahu-kushner-witkoff-israel-2025-11',
    'rafah-safe-passage-hamas-fighters-2025-11',
    [
      ev(
        '000',
        'أبرز ما تم طرحه هو فكرة تأمين "ممر آمن" لنحو 200 من مقاتلي حركة حماس لمغادرة مدينة رفح جنوب قطاع غزة',
      ),
      ev('000', 'ويهدف هذا المقترح، الذي يقوده كوشنر، إلى إزالة إحدى العقبات الرئيسية أمام التوصل إلى اتفاق'),
    ],
  ),
  D(
    '000',
    'STATEMENT',
    'Earlier rounds stalled over core differences: Hamas demands a permanent ceasefire and full Israeli withdrawal, while Israel insists any truce be temporary.',
    null,
    'DAY',
    ['hamas', 'israel'],
    null,
    'gaza-deal-phase-two-2025-11',
    [
      ev('000', 'وقد توقفت جولات المفاوضات السابقة بسبب خلافات جوهرية بين الطرفين'),
      ev('000', 'حيث تطالب حماس بوقف دائم لإطلاق النار وانسحاب كامل للقوات الإسرائيلية من القطاع'),
      ev('000', 'بينما تصر إسرائيل على أن أي هدنة يجب أن تكون مؤقتة'),
    ],
  ),
  D(
    '000',
    'STATEMENT',
    'Netanyahu faces pressure from hostage families demanding a deal at any price and from far-right coalition partners threatening to quit if major concessions are made to Hamas.',
    null,
    'DAY',
    ['benjamin-netanyahu', 'hamas'],
    null,
    'gaza-deal-phase-two-2025-11',
    [
      ev('000', 'تطالبه عائلات الرهائن بإبرام صفقة بأي ثمن'),
      ev(
        '000',
        'يهدد شركاؤه في الائتلاف الحكومي اليميني المتطرف بالانسحاب من الحكومة إذا تم تقديم تنازلات كبيرة لحماس',
      ),
    ],
  ),
  D(
    '000',
    'STATEMENT',
    'The article says the Kushner–Witkoff visit is not an official mission of the "current" US administration led by Joe Biden but a parallel diplomatic effort by figures from the previous administration.',
    null,
    'DAY',
    ['jared-kushner', 'steve-witkoff', 'joe-biden', 'united-states'],
    'netanyahu-kushner-witkoff-israel-2025-11',
    null,
    [
      ev(
        '000',
        'زيارة كوشنر وويتكوف لا تمثل مهمة رسمية من الإدارة الأمريكية الحالية بقيادة الرئيس جو بايدن، بل هي جهد دبلوماسي موازٍ يقوم به شخصيات من الإدارة السابقة',
      ),
    ],
  ),
];

const articleOrder = articles
  .slice()
  .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))
  .map((a) => a.key);
const firstStart = (item) => Math.min(...item.evidence.map((e) => e.start));
const developments = [];
for (const key of articleOrder) {
  const own = developmentDrafts
    .filter((d) => d.article === key)
    .sort((a, b) => firstStart(a) - firstStart(b));
  own.forEach((d, index) => {
    developments.push({
      key: `${key}-${String(index + 1).padStart(2, '0')}`,
      kind: d.kind,
      summary: d.summary,
      occurredAt: d.occurredAt,
      occurredAtPrecision: d.occurredAtPrecision,
      reportedAt: reportedAt[key],
      actors: d.actors,
      meeting: d.meeting,
      proposal: d.proposal,
      evidence: d.evidence,
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Gold mentions
// ---------------------------------------------------------------------------------------------------------
// A form matches when it stands as a word, optionally after the proclitics و/ف then ب/ل/ك. After the
// proclitic ل the article's alef drops (ل + البيت = للبيت): that case is searched as the form without its
// alef, preceded by ل, and the span starts after the proclitic ل only ("لبيت الأبيض"), which is how the
// project's linker reports it (src/arabic/tokens.ts: one stripped proclitic, article restored for lookup).
const PROCLITIC = /^(?:[وف]?[بلك]?)$/u;
function findMentions(key) {
  const text = articleText(key);
  const limit = key === '004' ? unrelatedFrom004 : text.length;
  const candidates = [];
  for (const [actor, forms] of Object.entries(MENTION_FORMS)) {
    for (const form of forms) {
      const variants = [{ surface: form, viaLam: false }];
      // "للبيت الأبيض": the proclitic ل is followed by the article's ل (its alef dropped).
      if (form.startsWith('ال')) variants.push({ surface: form.slice(1), viaLam: true });
      for (const { surface, viaLam } of variants) {
        for (const start of occurrences(text, surface)) {
          const end = start + surface.length;
          if (end > limit) continue;
          if (end < text.length && LETTER.test(text[end])) continue;
          // Walk back over the proclitics before the word.
          let wordStart = start;
          while (wordStart > 0 && LETTER.test(text[wordStart - 1])) wordStart -= 1;
          const prefix = text.slice(wordStart, start);
          if (viaLam) {
            if (!/^[وف]?ل$/u.test(prefix)) continue;
          } else if (!PROCLITIC.test(prefix)) continue;
          candidates.push({ article: key, actor, start, end, text: text.slice(start, end) });
        }
      }
    }
  }
  // Longest first; a shorter form inside an accepted longer one ("حماس" in "حركة حماس") is dropped.
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const accepted = [];
  for (const c of candidates) {
    if (accepted.some((m) => c.start < m.end && m.start < c.end)) continue;
    accepted.push(c);
  }
  return accepted.sort((a, b) => a.start - b.start);
}
const mentions = articleOrderByKey().flatMap(findMentions);
function articleOrderByKey() {
  return articles.map((a) => a.key).sort();
}

const candidateMeetings = {
  '000': ['netanyahu-kushner-witkoff-israel-2025-11'],
  '001': ['israeli-security-cabinet-gaza-city-plan-2025-08', 'witkoff-al-thani-all-hostages-deal-2025-08'],
  '002': [
    'witkoff-israeli-negotiators-doha-2025-05-13',
    'hamas-witkoff-back-channel-bahbah-2025-05',
    'dermer-witkoff-washington-2025-05-08',
    'boehler-hamas-talks-qatar-2025-03',
  ],
  '003': ['boehler-hamas-talks-qatar-2025-03'],
  '004': [
    'paris-burns-barnea-al-thani-2024-05-24',
    'cairo-doha-indirect-talks-2024-05',
    'resumed-hostage-talks-planned-2024-05',
    'qatar-hamas-doha-planned-2024-05',
  ],
};

// ---------------------------------------------------------------------------------------------------------
// Write
// ---------------------------------------------------------------------------------------------------------
const write = (name, value) => {
  const file = path.join(seedsDir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(value, null, 2) + '\n', 'utf8');
  console.log(`wrote ${name}${Array.isArray(value) ? ` (${value.length})` : ''}`);
};
write('articles.json', articles);
write('actors.json', actors);
write('meetings.json', meetings);
write('proposals.json', proposals);
write('developments.json', developments);
write('gold/mentions.json', mentions);
write('gold/candidate-meetings.json', candidateMeetings);
console.log(`004 unrelated tail starts at ${unrelatedFrom004}`);
