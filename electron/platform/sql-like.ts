// Keyword search in SQL: a typed word matched literally inside a column with `like @kw escape '\'`.
// %, _ and \ in what the clerk typed are escaped, so "10%" finds "10%" and not every "10…".

/** The text with LIKE's wildcards (%, _) and the escape character (\) escaped by a backslash. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern that matches the text anywhere in a value: %text% with the text escaped. */
export function likeAnywhere(text: string): string {
  return `%${escapeLike(text)}%`;
}
