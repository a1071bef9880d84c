import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The path tells the layer (shared/STYLE.md): these rules keep it true as the code grows.
const root = fileURLToPath(new URL("..", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(root, dir, name);
    if (statSync(path).isDirectory()) return sources(relative(root, path));
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [relative(root, path)] : [];
  });
}
const importing = (files: string[], pattern: RegExp) =>
  files.filter((file) => readFileSync(join(root, file), "utf8").split("\n").some((line) => /^\s*(import|export) .* from "/.test(line) && pattern.test(line)));

describe("the layers", () => {
  it("components never reach back up into app/", () => {
    expect(importing(sources("components"), /from "@\/app\/|from "\.\.\/\.\.\/app\//)).toEqual([]);
  });

  it("the domain knows nothing of React, Next, HTTP or the worker that runs its jobs", () => {
    const domain = sources("lib/domain");
    expect(importing(domain, /from "(react|react-dom|next)(\/[^"]*)?"/)).toEqual([]);
    expect(importing(domain, /from "@\/lib\/(http|actions)\//)).toEqual([]);
    expect(importing(domain, /from "@\/lib\/jobs\/worker\.ts"/)).toEqual([]);
  });

  it("auth does not import the domain's rules", () => {
    expect(importing(sources("lib/auth"), /from "@\/lib\/domain\/errors/)).toEqual([]);
  });
});
