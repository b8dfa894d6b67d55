/**
 * Places from the one place gazetteer (data/places.json): cities with their clitic forms («بالقاهرة»,
 * «إلى عمّان»), «the capital of X» forms («العاصمة المصرية»), named venues that stand in a city («معبر
 * رفح»), and the demonyms that name a country («وفد مصري», «الوسطاء القطريون»). A place is only a
 * place: which actor a country stands for is the gazetteer's business, and a city never makes its
 * country a party.
 */
import placeData from './data/places.json' with { type: 'json' };
import { normalizeArabic } from './normalize';
import { cliticReadings, tokenizeNormalized, tokensAreJoined, type TokenizedText } from './tokens';

export interface PlaceMatch {
  /** English canonical city name, e.g. "Cairo". */
  city: string;
  country: string;
  /** A named venue inside the city («البيت الأبيض»), as written in the data file. */
  venue: string | null;
  firstToken: number;
  lastToken: number;
  /** The preposition in front of it, when one is attached or stands just before («ب», «في», «الي»). */
  preposition: string | null;
}

interface PlaceEntry {
  words: string[];
  city: string;
  country: string;
  venue: string | null;
}

interface CountryData {
  en: string;
  ar: string[];
  demonym: string | string[];
}

const words = (text: string): string[] =>
  tokenizeNormalized(normalizeArabic(text)).map((token) => token.text);

const cityCountry = new Map(placeData.cities.map((city) => [city.en, city.country]));
const capitals = new Map(placeData.cities.filter((city) => city.capital).map((c) => [c.country, c.en]));
const countries = placeData.countries as CountryData[];

/** Demonym stem → country; forms are stem + ∅/ه/ا/ان/ين/ون/ات (the article is a clitic reading). */
const DEMONYM_SUFFIXES = ['', 'ه', 'ا', 'ان', 'ين', 'ون', 'ات', 'تين', 'تان'];
const demonyms = new Map<string, string>();
for (const country of countries) {
  for (const stem of [country.demonym].flat()) {
    for (const suffix of DEMONYM_SUFFIXES) demonyms.set(normalizeArabic(stem) + suffix, country.en);
  }
}
const countryNames = new Set(countries.flatMap((country) => country.ar.map((name) => words(name).join(' '))));

const entries: PlaceEntry[] = [
  ...placeData.cities.flatMap((city) =>
    city.ar.map((name) => ({ words: words(name), city: city.en, country: city.country, venue: null })),
  ),
  ...placeData.venues.map((venue) => ({
    words: words(venue.ar),
    city: venue.city,
    country: cityCountry.get(venue.city) ?? '',
    venue: venue.ar,
  })),
];
const byFirstWord = new Map<string, PlaceEntry[]>();
for (const entry of entries) {
  const list = byFirstWord.get(entry.words[0]) ?? [];
  list.push(entry);
  // Longest first, so «مدينة غزة» is tried before a shorter name starting with the same word.
  list.sort((a, b) => b.words.length - a.words.length);
  byFirstWord.set(entry.words[0], list);
}

const CAPITAL_WORDS = new Set(['العاصمه', 'عاصمه']);
const PREPOSITIONS = new Set(['في', 'الي', 'من', 'بين']);

/** The country a demonym names («المصرية», «قطرياً», «الأمريكيين»), or null. A country's own name is not one. */
export function demonymCountry(token: string): string | null {
  for (const reading of cliticReadings(token)) {
    if (countryNames.has(reading.form)) return null;
    const country = demonyms.get(reading.form);
    if (country) return country;
  }
  return null;
}

/** The country names of the data file, for looking their actors up in the gazetteer. */
export function countryArabicNames(country: string): string[] {
  return countries.find((entry) => entry.en === country)?.ar ?? [];
}

function attachedPreposition(tokenized: TokenizedText, index: number, prefixLength: number): string | null {
  if (prefixLength > 0) {
    const prefix = tokenized.tokens[index].text.slice(0, prefixLength).replace(/^[وف]/u, '');
    if (prefix.startsWith('ب')) return 'ب';
    if (prefix.startsWith('ل')) return 'ل';
  }
  const previous = index - 1;
  if (previous >= 0 && tokensAreJoined(tokenized, previous, index)) {
    const word = tokenized.tokens[previous].text.replace(/^و/u, '');
    if (PREPOSITIONS.has(word)) return word;
  }
  return null;
}

/** Places among tokens[from..to), in text order, none overlapping. */
export function findPlaces(tokenized: TokenizedText, from: number, to: number): PlaceMatch[] {
  const tokens = tokenized.tokens;
  const found: PlaceMatch[] = [];
  for (let index = from; index < to; index += 1) {
    const match = placeAt(tokenized, index, to);
    if (!match) continue;
    found.push(match);
    index = match.lastToken;
  }
  // «العاصمة الأردنية عمّان»: the capital form and the name are one place.
  return found.filter(
    (place, i) =>
      !(
        i > 0 &&
        found[i - 1].city === place.city &&
        found[i - 1].lastToken + 1 === place.firstToken &&
        tokens[place.firstToken]
      ),
  );
}

function placeAt(tokenized: TokenizedText, index: number, to: number): PlaceMatch | null {
  const tokens = tokenized.tokens;
  for (const reading of cliticReadings(tokens[index].text)) {
    if (CAPITAL_WORDS.has(reading.form) && index + 1 < to) {
      const country = demonymCountry(tokens[index + 1].text);
      const capital = country ? capitals.get(country) : undefined;
      if (country && capital) {
        return {
          city: capital,
          country,
          venue: null,
          firstToken: index,
          lastToken: index + 1,
          preposition: attachedPreposition(tokenized, index, reading.prefixLength),
        };
      }
    }
    for (const entry of byFirstWord.get(reading.form) ?? []) {
      const last = index + entry.words.length - 1;
      if (last >= to) continue;
      let matches = true;
      for (let k = 1; k < entry.words.length && matches; k += 1) {
        matches =
          tokens[index + k].text === entry.words[k] && tokensAreJoined(tokenized, index + k - 1, index + k);
      }
      if (!matches) continue;
      return {
        city: entry.city,
        country: entry.country,
        venue: entry.venue,
        firstToken: index,
        lastToken: last,
        preposition: attachedPreposition(tokenized, index, reading.prefixLength),
      };
    }
  }
  return null;
}
