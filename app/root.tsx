import { data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useMatches, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { SiteFooter, SiteHeader } from "./components/site-chrome";
import appCss from "./styles/app.css?url";
import { getSessionRefreshHeaders, getUser } from "./utils/auth.server";
import { can } from "./utils/permissions.server";
import { env } from "./utils/env.server";
import { localeDir } from "./utils/i18n";
import { getLocale } from "./utils/i18n.server";
import { shouldHydrate } from "./utils/hydrate";
import { useInlineCss } from "./utils/inline-css";
import { useNonce } from "./utils/nonce";

export const links: LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

/** The app's stylesheet, written here rather than in `links` because a first visit gets it inline (entry.server). */
export { appCss };

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, locale, headers] = await Promise.all([getUser(request), getLocale(request), getSessionRefreshHeaders(request)]);
  return data(
    {
      locale,
      orgName: env.ORG_NAME,
      user: user ? { id: user.id, displayName: user.displayName, role: user.role } : null,
      // Which areas the menu offers: answered by the permissions module, like every route.
      areas: {
        trainer: can(user, { action: "use:trainer-area" }),
        studio: can(user, { action: "use:studio" }),
        admin: can(user, { action: "manage:platform" }),
        coordinator: can(user, { action: "use:coordinator-area" }),
        partner: can(user, { action: "use:partner-area" }),
      },
    },
    { headers },
  );
}

export type RootData = Awaited<ReturnType<typeof loader>>["data"];

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export type { RouteHandle } from "./utils/hydrate";

/** Marks the document once React has hydrated it (staff pages), so that tests and scripts know the page is live. */
function HydratedMark() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return null;
}

export function useHydrate() {
  return shouldHydrate(useMatches().map((m) => m.handle));
}

export function Layout({ children }: { children: React.ReactNode }) {
  const rootData = useRootData();
  const { i18n } = useTranslation();
  const locale = rootData?.locale ?? i18n.language ?? "ar";
  const nonce = useNonce();
  const hydrate = useHydrate();
  const inlineCss = useInlineCss();
  return (
    <html lang={locale} dir={localeDir(locale)}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0f766e" />
        <Meta />
        {inlineCss ? <style dangerouslySetInnerHTML={{ __html: inlineCss }} /> : <link rel="stylesheet" href={appCss} />}
        <Links />
      </head>
      <body>
        <SiteHeader />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        {hydrate ? (
          <>
            <HydratedMark />
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : (
          // Learner pages are documents: no framework, only this small enhancement (keeps the reader's place).
          <script src="/enhance.js" defer />
        )}
        {inlineCss ? <link rel="prefetch" href={appCss} as="style" /> : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const kind =
    status === 404
      ? "notFound"
      : status === 403
        ? "forbidden"
        : status === 410
          ? "gone"
          : status === 429
            ? "tooMany"
            : status === 413
              ? "tooLarge"
              : status === 415
                ? "unsupported"
                : status >= 400 && status < 500
                  ? "badRequest"
                  : "server";
  if (!isRouteErrorResponse(error)) console.error(error);
  return (
    <section className="page narrow error-page" aria-labelledby="error-title">
      <p className="error-code">{status}</p>
      <h1 id="error-title">{t(`errorPage.${kind}.title`)}</h1>
      <p>{t(`errorPage.${kind}.body`)}</p>
      <p>
        <a href="/" className="button">
          {t("errorPage.home")}
        </a>
      </p>
    </section>
  );
}
