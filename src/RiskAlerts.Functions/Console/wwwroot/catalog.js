// The reference data the forms are built from (GET /api/catalog): regions by name, the warning
// categories with their Chinese names, and the API's own limits, so a form allows exactly what the
// API accepts. Loaded once; public data, so it needs no sign-in.
const state = { regions: new Map(), children: new Map(), categories: [], limits: {} };

export const catalog = {
  async load() {
    const response = await fetch('/api/catalog', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`catalog ${response.status}`);
    const data = await response.json();
    for (const region of data.regions) {
      state.regions.set(region.code, region);
      const siblings = state.children.get(region.parent ?? '') ?? [];
      siblings.push(region);
      state.children.set(region.parent ?? '', siblings);
    }
    state.categories = data.categories;
    state.limits = data.limits;
  },

  get limits() { return state.limits; },
  get categories() { return state.categories; },

  /** The divisions directly under `code` (the provinces for none). */
  childrenOf(code) { return state.children.get(code ?? '') ?? []; },

  region(code) { return state.regions.get(code) ?? null; },

  /** 吉林省 长春市 南关区 for 220102; the code itself when the catalogue does not know it. */
  regionName(code) {
    const names = [];
    for (let region = state.regions.get(code); region; region = state.regions.get(region.parent)) names.unshift(region.name);
    return names.length ? names.join(' ') : code;
  },

  categoryName(id) { return state.categories.find((c) => c.id === id)?.name ?? id; },
};
