import { Link as RemixLink, NavLink as RemixNavLink, useLocation, type LinkProps, type NavLinkProps } from "@remix-run/react";
import { createContext, forwardRef, useContext } from "react";

/**
 * True while the server renders a document (a page that is not hydrated: entry.server provides it). Nothing in the
 * browser will ever handle a click on such a page, so a link needs none of what Remix's <Link> computes for client
 * navigation (the resolved path, prefetch behaviour, route discovery): ~0.5 % of a lesson page per link.
 */
export const DocumentContext = createContext(false);

/**
 * The href of a `to` that needs no resolving: a string path from the site's root. Anything relative, protocol-relative
 * or not a string goes through Remix's <Link>, which resolves it against the route.
 */
function plainHref(to: LinkProps["to"]): string | null {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return null;
  // What react-router's resolver would change: an empty query or hash, dot segments, doubled slashes.
  if (/[?#]$|\/\.\.?(\/|$|[?#])|\/\/|\?#/.test(to)) return null;
  return to;
}

/** Props only a client-side navigation reads; a document's anchor has no use for them. */
function anchorProps<P extends LinkProps>(props: P) {
  const {
    to: _to,
    reloadDocument: _reloadDocument,
    replace: _replace,
    state: _state,
    preventScrollReset: _preventScrollReset,
    relative: _relative,
    viewTransition: _viewTransition,
    prefetch: _prefetch,
    discover: _discover,
    ...rest
  } = props;
  return rest;
}

/** Remix's <Link>, or on a document the plain anchor it would render. Use this one in `app/`. */
export const Link = forwardRef<HTMLAnchorElement, LinkProps>(function Link(props, ref) {
  const href = useContext(DocumentContext) ? plainHref(props.to) : null;
  if (href === null) return <RemixLink ref={ref} {...props} />;
  const { children, target, ...rest } = anchorProps(props);
  return (
    <a ref={ref} {...rest} href={href} target={target}>
      {children}
    </a>
  );
});

/**
 * Remix's <NavLink>, or on a document the anchor it would render: `aria-current="page"` and the class `active` when the
 * page's path is the link's or below it (`end` for exactly it), as react-router decides (case-insensitive unless
 * `caseSensitive`). A document is never pending or in a transition.
 */
export const NavLink = forwardRef<HTMLAnchorElement, NavLinkProps>(function NavLink(props, ref) {
  const isDocument = useContext(DocumentContext);
  const { pathname } = useLocation();
  const href = isDocument ? plainHref(props.to) : null;
  if (href === null) return <RemixNavLink ref={ref} {...props} />;
  const { "aria-current": ariaCurrent = "page", caseSensitive = false, className = "", end = false, style, children, ...rest } = props;
  const to = href.replace(/[?#].*$/, "");
  const here = caseSensitive ? pathname : pathname.toLowerCase();
  const there = caseSensitive ? to : to.toLowerCase();
  const endSlash = there !== "/" && there.endsWith("/") ? there.length - 1 : there.length;
  const isActive = here === there || (!end && here.startsWith(there) && here.charAt(endSlash) === "/");
  const state = { isActive, isPending: false, isTransitioning: false };
  const { target, ...other } = anchorProps(rest as LinkProps);
  return (
    <a
      ref={ref}
      {...other}
      aria-current={isActive ? ariaCurrent : undefined}
      className={typeof className === "function" ? className(state) : [className, isActive ? "active" : null].filter(Boolean).join(" ")}
      style={typeof style === "function" ? style(state) : style}
      href={href}
      target={target}
    >
      {typeof children === "function" ? children(state) : children}
    </a>
  );
});
