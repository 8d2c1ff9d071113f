/** Words made only of these reach the server unchanged without quotes. */
const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * ssh joins its arguments into one string, and the server splits that string again with
 * splitWords (src/git/ssh-command.ts): quotes group, nothing is expanded, a backslash is a plain
 * character. Single quotes keep every character but `'` itself, which travels as "'".
 */
export function quoteWord(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** The one string ssh sends, such that the server splits it back into exactly these words. */
export function quoteCommand(words: string[]): string {
  return words.map(quoteWord).join(" ");
}
