import { Link as RemixLink, NavLink as RemixNavLink } from "@remix-run/react";
import { renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router-dom/server";
import { describe, expect, it } from "vitest";
import { DocumentContext, Link, NavLink } from "~/components/link";

// On a document (a page that is not hydrated) Link and NavLink render the anchor Remix would, without the work only a
// client-side navigation needs. What a reader and a screen reader get must not change: the href, aria-current, the
// class, every other attribute.

function render(element: React.ReactElement, location: string, document: boolean) {
  return renderToStaticMarkup(
    <DocumentContext.Provider value={document}>
      <StaticRouter location={location}>{element}</StaticRouter>
    </DocumentContext.Provider>,
  );
}

/** The anchor's attributes as a sorted list, without the route-discovery mark only a hydrated page uses. */
function attributes(html: string) {
  const tag = /^<a\b([^>]*)>/.exec(html)?.[1] ?? "";
  return [...tag.matchAll(/\s([\w-]+)="([^"]*)"/g)]
    .map(([, name, value]) => `${name}=${value}`)
    .filter((a) => a !== "data-discover=true")
    .sort();
}

describe("links on a document", () => {
  it("renders a path from the root as a plain anchor with every attribute Remix's Link gives it", () => {
    const link = (
      <Link to="/courses/crowdfunding/types?lang=fr#quiz" rel="next" className="pager-next" title="Suivant" reloadDocument prefetch="intent">
        Suivant
      </Link>
    );
    const remix = (
      <RemixLink to="/courses/crowdfunding/types?lang=fr#quiz" rel="next" className="pager-next" title="Suivant" reloadDocument prefetch="intent">
        Suivant
      </RemixLink>
    );
    const html = render(link, "/courses/crowdfunding/intro", true);
    expect(html).toBe('<a rel="next" class="pager-next" title="Suivant" href="/courses/crowdfunding/types?lang=fr#quiz">Suivant</a>');
    expect(attributes(html)).toEqual(attributes(render(remix, "/courses/crowdfunding/intro", true)));
  });

  it("leaves to Remix what needs resolving, and every link on a hydrated page", () => {
    for (const to of ["edit", "../other", "/courses/./x", "/courses/../learn", "//evil.example", "/a?", "/a#"]) {
      const html = render(<Link to={to}>x</Link>, "/courses/crowdfunding/intro", true);
      expect(html, to).toBe(render(<RemixLink to={to}>x</RemixLink>, "/courses/crowdfunding/intro", true));
    }
    expect(render(<Link to={{ pathname: "/learn", search: "?q=1" }}>x</Link>, "/", true)).toContain('href="/learn?q=1"');
    // Hydrated: the client takes over links, so they are Remix's own (with its route-discovery mark).
    expect(render(<Link to="/learn">x</Link>, "/", false)).toBe(render(<RemixLink to="/learn">x</RemixLink>, "/", false));
    expect(render(<Link to="/learn">x</Link>, "/", false)).toContain('data-discover="true"');
  });

  it("marks the current section exactly as react-router's NavLink does", () => {
    const locations = ["/", "/courses", "/courses/", "/Courses/Crowdfunding", "/courses/crowdfunding/types", "/coursesx", "/learn", "/admin/users"];
    const targets = ["/", "/courses", "/courses/", "/COURSES", "/courses/crowdfunding", "/learn", "/admin", "/admin/users?x=1"];
    let active = 0;
    for (const location of locations)
      for (const to of targets)
        for (const end of [false, true])
          for (const caseSensitive of [false, true]) {
            const props = { to, end, caseSensitive, className: "nav" };
            const ours = render(<NavLink {...props}>x</NavLink>, location, true);
            const theirs = render(<RemixNavLink {...props}>x</RemixNavLink>, location, true);
            expect(attributes(ours), `${location} ${to} end=${end} case=${caseSensitive}`).toEqual(attributes(theirs));
            expect(ours).not.toContain("data-discover");
            if (ours.includes('aria-current="page"')) active++;
          }
    // The table above has both outcomes, many times over.
    expect(active).toBeGreaterThan(20);
    expect(active).toBeLessThan(200);
    const fn = render(
      <NavLink to="/learn" className={({ isActive }) => (isActive ? "here" : "there")}>
        x
      </NavLink>,
      "/learn",
      true,
    );
    expect(fn).toBe('<a aria-current="page" class="here" href="/learn">x</a>');
  });
});
