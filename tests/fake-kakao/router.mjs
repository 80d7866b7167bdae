// A deliberately tiny router. Route modules call router.on(methods, pattern, handler, options):
//   methods  'GET' | ['GET', 'POST'] | '*'
//   pattern  exact path string, or a RegExp tested against the raw pathname (groups → ctx.params)
//   options  { cors(ctx) → headers }  headers a fault answer on this route must carry, so that a
//            browser can read the injected 500 / malformed body exactly as it would a real one.
// HEAD is served by the GET handler (Node drops the body of HEAD answers itself).

export class Router {
  constructor() {
    this.routes = [];
  }

  on(methods, pattern, handler, options = {}) {
    const list = methods === '*' ? '*' : [].concat(methods).map((m) => m.toUpperCase());
    this.routes.push({ methods: list, pattern, handler, cors: options.cors ?? null });
    return this;
  }

  /**
   * → { route, params } for a match; { route: null, allowed: [...] } when the path exists with
   * other methods (405); null when nothing serves the path (404).
   */
  match(method, path) {
    const wanted = method === 'HEAD' ? 'GET' : method;
    const allowed = new Set();
    let pathRoute = null;
    for (const route of this.routes) {
      const params = matchPattern(route.pattern, path);
      if (!params) continue;
      pathRoute ??= route;
      if (route.methods === '*' || route.methods.includes(wanted)) return { route, params };
      for (const m of route.methods) allowed.add(m);
    }
    return pathRoute ? { route: null, cors: pathRoute.cors, allowed: [...allowed] } : null;
  }

  /** The cors() of the first route whose pattern matches the path, whatever the method. */
  corsFor(path) {
    return this.routes.find((r) => matchPattern(r.pattern, path))?.cors ?? null;
  }
}

function matchPattern(pattern, path) {
  if (typeof pattern === 'string') return pattern === path ? [] : null;
  const m = pattern.exec(path);
  return m ? m.slice(1) : null;
}
