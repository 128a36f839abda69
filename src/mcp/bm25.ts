// Okapi BM25 over short documents (a tool's name and description) against a query (the task).
// Pure. Identifiers are split into words (`create_issue`, `listPullRequests`), so a task saying
// "list the pull requests" finds `list_pull_requests`.

const STOPWORDS = new Set(
  'a an and are as at be by can do does for from has have how i in is it its me my of on or please so that the this to was we what when where which will with you your'.split(
    ' ',
  ),
);

export function terms(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 1 && !STOPWORDS.has(word))
    .map(stem);
}

/** Enough stemming that "files"/"file" and "searching"/"search" meet; nothing clever. */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('es') && /(?:sh|ch|x|ss)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const K1 = 1.2;
const B = 0.75;

/** One score per document, in order; 0 for a document sharing no term with the query. */
export function bm25Scores(documents: readonly string[][], query: readonly string[]): number[] {
  const count = documents.length;
  if (count === 0) return [];
  const averageLength = documents.reduce((sum, doc) => sum + doc.length, 0) / count || 1;
  const documentFrequency = new Map<string, number>();
  for (const doc of documents) {
    for (const term of new Set(doc)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  const queryTerms = [...new Set(query)];
  return documents.map((doc) => {
    const frequency = new Map<string, number>();
    for (const term of doc) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    let score = 0;
    for (const term of queryTerms) {
      const tf = frequency.get(term) ?? 0;
      if (tf === 0) continue;
      const df = documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (count - df + 0.5) / (df + 0.5));
      score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / averageLength));
    }
    return score;
  });
}
