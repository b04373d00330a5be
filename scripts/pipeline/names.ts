// Public lists of given names and surnames for the identifier scan, taken from the lexicon the
// compromise package ships (its English given names and surnames), with the ordinary English
// words that are also names set apart: a name list alone must not flag "the subject was white".
import { createRequire } from "node:module";

/** Words that are names but also ordinary English words: flagged only after a title, or as the department's own name values written with a capital. */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
  (
    "will mark rose grant hunter bush young white black brown green long price rich may june april august " +
    "chase jack pat drew wade miles dean cliff dawn hope joy faith ray rod bill frank art guy sandy summer autumn " +
    "christian jordan king hill hall baker cook mason bishop page lane ford bay bell case cross " +
    "dale deal fields gay golden gray grey hand hart hay head holly house iris ivy jewel justice lake love " +
    "major march marsh may mercy moss noble north park penny pool reed rice rivers ruby " +
    "sage sharp short sky small snow sterling stone storm strong sweet ward " +
    "waters west wells wolf wood woods rob sue don ben al ed dash rusty buck spike ace sonny sunny star angel " +
    "heaven harmony destiny trinity genesis unique precious charity patience honor liberty crystal amber " +
    "jasmine olive lily daisy poppy violet brandy whiskey dusty chip cash gun lucky tiny major general colonel " +
    "sergeant officer deputy captain chief trooper agent detective lieutenant corporal do mac ran said rich " +
    "tom nick bob so an as in or to be he me we us it is at on by no up of the a i"
  ).split(" "),
);

let given: Set<string> | null = null;
let ordinary: Set<string> | null = null;
let surnames: Set<string> | null = null;

function load(): void {
  if (given && surnames) return;
  const require = createRequire(import.meta.url);
  const nlp = require("compromise") as { model(): { one: { lexicon: Record<string, string | string[]> } } };
  const lexicon = nlp.model().one.lexicon;
  given = new Set();
  surnames = new Set();
  ordinary = new Set();
  for (const word in lexicon) {
    const all = lexicon[word];
    if (!(Array.isArray(all) ? all : [all]).some((t) => NAME_TAGS.has(t))) ordinary.add(word);
    if (!/^[a-z][a-z'-]+$/.test(word) || COMMON_WORDS.has(word)) continue;
    const tags = lexicon[word];
    for (const tag of Array.isArray(tags) ? tags : [tags]) {
      if (tag === "MaleName" || tag === "FemaleName" || tag === "FirstName") given.add(word);
      else if (tag === "LastName") surnames.add(word);
      else if (tag === "Person") {
        given.add(word);
        surnames.add(word);
      }
    }
  }
}

const NAME_TAGS = new Set(["MaleName", "FemaleName", "FirstName", "LastName", "Person"]);

/** Whether a lower-case word is an ordinary English word of the lexicon, not a name ("hall", "park"). */
export function isOrdinaryWord(lower: string): boolean {
  load();
  return ordinary!.has(lower);
}

/** Whether a lower-case word is a given name or a surname of the public lists (and not an ordinary word). */
export function isListedName(lower: string): boolean {
  load();
  return given!.has(lower) || surnames!.has(lower);
}

/** How many given names and surnames the lists hold. */
export function nameListSizes(): { given: number; surnames: number } {
  load();
  return { given: given!.size, surnames: surnames!.size };
}
