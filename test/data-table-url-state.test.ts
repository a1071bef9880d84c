import { describe, expect, it } from "vitest";
import {
  DEFAULT_LIMIT, MAX_PREVIOUS, filterQuery, hasPreviousPage, nextPage, pageKey, parseTableParams,
  previousPage, sameQuery, serializeTableParams, viewQuery, withFilters, withHidden, withLimit, withSort,
  type TableUrlState,
} from "@/components/data-table/url-state.ts";

const sortable = ["name", "arr", "closeDate"];
const parse = (query: string) => parseTableParams(new URLSearchParams(query), { sortable });
const query = (state: TableUrlState, defaultHidden?: string[]) =>
  decodeURIComponent(serializeTableParams(state, { defaultHidden }).toString());

describe("data table URL state", () => {
  it("reads sort as key or -key, and ignores keys that are not whitelisted", () => {
    expect(parse("sort=name").sort).toEqual({ key: "name", desc: false });
    expect(parse("sort=-arr").sort).toEqual({ key: "arr", desc: true });
    expect(parse("sort=password").sort).toBeNull();
    expect(parse("sort=-").sort).toBeNull();
    expect(parse("sort=--arr").sort).toBeNull();
  });

  it("accepts only 25, 50 or 100 rows per page, defaulting to 50", () => {
    expect(parse("").limit).toBe(DEFAULT_LIMIT);
    expect(parse("limit=25").limit).toBe(25);
    expect(parse("limit=100").limit).toBe(100);
    expect(parse("limit=1000").limit).toBe(50);
    expect(parse("limit=abc").limit).toBe(50);
  });

  it("keeps every other param as a filter, repeated params as lists", () => {
    const state = parse("q=acme&stage=won&stage=lost&csmId=&sort=name");
    expect(state.filters).toEqual({ q: "acme", stage: ["won", "lost"] });
  });

  it("reads Next's searchParams object the same way as a query string", () => {
    const fromRecord = parseTableParams({ q: "acme", stage: ["won", "lost"], sort: "-arr", cursor: "c2", prev: ",c1", missing: undefined }, { sortable });
    expect(fromRecord).toEqual(parse("q=acme&stage=won&stage=lost&sort=-arr&cursor=c2&prev=,c1"));
  });

  it("round-trips a full state, leaving defaults out of the URL", () => {
    const state = parse("q=acme&sort=-arr&limit=25&hide=region&cursor=c2&prev=,c1");
    expect(parseTableParams(serializeTableParams(state), { sortable })).toEqual(state);
    expect(query(parse("limit=50"))).toBe("");
  });

  it("walks forward with Next and back with Previous to the first page", () => {
    const page1 = parse("q=acme&sort=name");
    expect(hasPreviousPage(page1)).toBe(false);
    const page2 = nextPage(page1, "c1");
    const page3 = nextPage(page2, "c2");
    expect(query(page3)).toBe("q=acme&sort=name&cursor=c2&prev=,c1");
    const back2 = previousPage(parseTableParams(serializeTableParams(page3), { sortable }));
    expect(query(back2)).toBe("q=acme&sort=name&cursor=c1&prev=");
    const back1 = previousPage(parseTableParams(serializeTableParams(back2), { sortable }));
    expect(query(back1)).toBe("q=acme&sort=name");
    expect(hasPreviousPage(back1)).toBe(false);
  });

  it("keeps at most 50 previous cursors, and Previous still ends on the first page", () => {
    let state = parse("");
    for (let i = 1; i <= 60; i++) state = nextPage(state, `c${i}`);
    expect(state.prev).toHaveLength(MAX_PREVIOUS);
    expect(state.prev.at(-1)).toBe("c59");
    expect(parse(serializeTableParams(state).toString()).prev).toHaveLength(MAX_PREVIOUS);
    for (let i = 0; i < MAX_PREVIOUS; i++) state = previousPage(state);
    expect(state.cursor).toBe("c10");
    expect(state.prev).toEqual([]);
    state = previousPage(state);
    expect(state.cursor).toBeNull();
  });

  it("keeps cursors containing commas intact in the stack", () => {
    const state = nextPage(nextPage(parse(""), "a,b"), "c");
    const reread = parse(serializeTableParams(state).toString());
    expect(previousPage(reread).cursor).toBe("a,b");
  });

  it("drops a stack that cannot be decoded rather than failing", () => {
    expect(parse("cursor=c3&prev=%E0%A4%A").prev).toEqual([]);
    expect(parse("prev=c1").prev).toEqual([]);
  });

  it("starts again at page 1 when the sort, a filter or the page size changes", () => {
    const deep = parse("q=acme&sort=name&cursor=c2&prev=,c1");
    expect(query(withSort(deep, { key: "arr", desc: true }))).toBe("q=acme&sort=-arr");
    expect(query(withFilters(deep, { q: "globex", stage: ["won", "lost"] }))).toBe("q=globex&stage=won&stage=lost&sort=name");
    expect(query(withFilters(deep, { q: null }))).toBe("sort=name");
    expect(query(withFilters(deep, { q: "" }))).toBe("sort=name");
    expect(query(withLimit(deep, 100))).toBe("q=acme&sort=name&limit=100");
  });

  it("never lets a filter overwrite the table's own params", () => {
    expect(query(withFilters(parse(""), { sort: "password", cursor: "x", q: "a" }))).toBe("q=a");
  });

  it("keeps the page when columns are hidden, and leaves hide out when it equals the defaults", () => {
    const deep = parse("sort=name&cursor=c2&prev=,c1");
    const hidden = withHidden(deep, ["region", "segment"]);
    expect(query(hidden)).toBe("sort=name&hide=region,segment&cursor=c2&prev=,c1");
    expect(query(hidden, ["segment", "region"])).toBe("sort=name&cursor=c2&prev=,c1");
    expect(query(withHidden(deep, []), ["region"])).toBe("sort=name&hide=&cursor=c2&prev=,c1");
    expect(parse("hide=").hidden).toEqual([]);
    expect(parse("").hidden).toBeNull();
    expect(pageKey(hidden)).toBe(pageKey(deep));
    expect(pageKey(nextPage(deep, "c3"))).not.toBe(pageKey(deep));
  });

  it("gives exports the filters and sort but not the page", () => {
    expect(decodeURIComponent(filterQuery(parse("q=acme&sort=-arr&limit=25&hide=x&cursor=c2&prev=,c1")))).toBe("q=acme&sort=-arr");
  });

  it("keeps the saved view it was opened with through filter and sort changes, out of exports and of the view's own query", () => {
    const opened = parse("view=v1&q=acme&sort=-arr&hide=region&cursor=c2&prev=,c1");
    expect(opened.view).toBe("v1");
    expect(query(withFilters(opened, { q: null }))).toBe("view=v1&sort=-arr&hide=region");
    expect(query(withSort(opened, null))).toBe("view=v1&q=acme&hide=region");
    expect(decodeURIComponent(filterQuery(opened))).toBe("q=acme&sort=-arr");
    expect(decodeURIComponent(viewQuery(opened))).toBe("q=acme&sort=-arr&hide=region");
    // "No view" is a view too: the URL is never bare, so one's default does not come back.
    expect(query(withFilters(parse("view=none&q=a"), { q: null }))).toBe("view=none");
  });

  it("compares a view's query with the table's regardless of parameter order", () => {
    expect(sameQuery("q=acme&sort=-arr", "sort=-arr&q=acme")).toBe(true);
    expect(sameQuery("q=acme&sort=-arr", "q=acme")).toBe(false);
  });
});
