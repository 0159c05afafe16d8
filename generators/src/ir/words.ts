/**
 * Splits a name as written in the spec into lowercase ASCII words, the form
 * every language's casing starts from.
 */
export function splitWords(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // drop accents: "população" -> "populacao"
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2') // listDatasets -> list Datasets
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2') // HTTPServer -> HTTP Server
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => word.toLowerCase());
}
