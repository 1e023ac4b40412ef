/**
 * Which personal facts are alerts, shown at the top of the dossier and the meeting brief. Besides a
 * fact's type (diet, dislikes) and sensitivity (handle with care), its words: allergies and
 * intolerances, and medical conditions to handle with care (English). And any fact the user marks.
 */
const ALERT_PATTERNS: RegExp[] = [
  /\ballerg/i, // allergy, allergic, allergies
  /\banaphyla/i,
  /\bepi-?pen\b/i,
  /\bintoleran/i, // intolerant, intolerance
  /\bc(o)?eliac\b/i,
  /\bgluten[- ]free\b/i,
  /\blactose\b/i,
  /\b(pea)?nuts?\b.*\b(free|allerg|reaction|avoid)|\b(no|avoid|avoids|cannot eat|can't eat) (pea)?nuts?\b/i,
  /\b(can ?not|can't|must not|mustn't|doesn't|does not) (eat|drink|have)\b/i,
  /\bdiabet/i,
  /\bepilep/i,
  /\bseizures?\b/i,
  /\bheart condition\b/i,
  /\basthma/i,
  /\bpregnan/i,
  /\b(cancer|chemo(therapy)?|tumou?r)\b/i,
  /\b(bereave|passed away|died|funeral|miscarriage)/i,
];

/** True when a fact's text speaks of an allergy, an intolerance or a medical handle-with-care. */
export function factTextRaisesAlert(text: string): boolean {
  return ALERT_PATTERNS.some((p) => p.test(text));
}

export function isAlertFact(f: { type: string; sensitivity: string; text: string; alert?: boolean }): boolean {
  return f.alert === true || f.type === 'diet' || f.type === 'dislikes' || f.sensitivity === 'handle-with-care' || factTextRaisesAlert(f.text);
}
