// Structured data for search engines: a value as the text of a <script type="application/ld+json">.

/**
 * JSON for a <script type="application/ld+json"> element: < > & written as \u escapes, so a
 * department's "</script>" or "<!--" in a name cannot end the element or open a comment, and
 * the JSON still parses to exactly the same value.
 */
export function jsonLdText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
