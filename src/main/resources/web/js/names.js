// Names as the page shows them: a stable colour per name and @-completion.

const COLOURS = 6; // the terminal client's six: red, green, yellow, blue, magenta, cyan

// Java's String.hashCode of the lower-cased name, so a name has the same colour here as in the Chatter.
function javaHash(s) {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

export function colourClass(name) {
  return "n" + (((javaHash(name.toLowerCase()) % COLOURS) + COLOURS) % COLOURS);
}

export function byName(a, b) {
  return a.localeCompare(b, undefined, { sensitivity: "base" });
}

// The "@prefix" being typed just before the caret, or null.
export function typedAddress(text, caret) {
  const m = /(^|\s)@([^\s@]*)$/u.exec(text.slice(0, caret));
  return m ? { prefix: m[2], start: caret - m[2].length } : null;
}

export function matching(names, prefix) {
  const p = prefix.toLowerCase();
  return names.filter((n) => n.toLowerCase().startsWith(p)).sort(byName);
}

const NAME_CHAR = "[\\p{L}\\p{M}\\p{N}_-]";

// "@name" in a text, as a pattern: not inside a longer word or name ("x@name", "@names"),
// and a full stop after it ends a sentence rather than the name.
export function mentionPattern(name) {
  const escaped = name.normalize("NFC").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp("(?<!" + NAME_CHAR + "|[.@])@" + escaped + "(?!" + NAME_CHAR + "|\\." + NAME_CHAR + ")", "giu");
}

export function mentions(text, name) {
  return !!name && mentionPattern(name).test(text.normalize("NFC"));
}
