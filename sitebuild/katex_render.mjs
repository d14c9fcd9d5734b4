// Render TeX to HTML at build time with the vendored KaTeX: the page ships
// only KaTeX's stylesheet and fonts, no JavaScript.
// stdin: [{"tex": "...", "display": true}, ...]   stdout: ["<span class=katex>...", ...]
import { readFileSync } from "node:fs";
import katex from "katex";

const items = JSON.parse(readFileSync(0, "utf8"));
const out = items.map(({ tex, display }) => katex.renderToString(tex, { displayMode: display, throwOnError: true, output: "htmlAndMathml" }));
process.stdout.write(JSON.stringify(out));
