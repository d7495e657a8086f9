import { Form, useLocation, useRouteLoaderData } from "@remix-run/react";
import { Link, NavLink } from "~/components/link";
import { useTranslation } from "react-i18next";
import type { loader as rootLoader } from "~/root";
import { LOCALE_NAMES, SUPPORTED_LOCALES } from "~/utils/i18n";

// Links to learner pages load a new document (reloadDocument): from a hydrated staff page, a client-side navigation
// would carry the framework onto pages that are meant to be plain documents.
export function SiteHeader() {
  const { t } = useTranslation();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  const user = root?.user ?? null;
  return (
    <>
      <a href="#main" className="skip-link">
        {t("nav.skip")}
      </a>
      <header className="site-header">
        <div className="header-inner">
          <Link to="/" reloadDocument className="brand" aria-label={t("nav.homeLabel", { org: root?.orgName ?? "Tamkeen" })}>
            <img src="/logo.svg" alt="" width={32} height={32} />
            <span>{root?.orgName ?? "Tamkeen"}</span>
          </Link>
          <nav aria-label={t("nav.main")} className="main-nav">
            <ul>
              <li>
                <NavLink to="/courses" reloadDocument>
                  {t("nav.courses")}
                </NavLink>
              </li>
              {user ? (
                <li>
                  <NavLink to="/learn" reloadDocument>
                    {t("nav.learn")}
                  </NavLink>
                </li>
              ) : null}
              {root?.areas.trainer ? (
                <li>
                  <NavLink to="/trainer">{t("nav.trainer")}</NavLink>
                </li>
              ) : null}
              {root?.areas.coordinator ? (
                <li>
                  <NavLink to="/coordinator">{t("coordinator.nav")}</NavLink>
                </li>
              ) : null}
              {root?.areas.studio ? (
                <li>
                  <NavLink to="/studio">{t("studio.menu")}</NavLink>
                </li>
              ) : null}
              {root?.areas.admin ? (
                <li>
                  <NavLink to="/admin">{t("nav.admin")}</NavLink>
                </li>
              ) : null}
              {root?.areas.partner ? (
                <li>
                  <NavLink to="/partner" reloadDocument>
                    {t("nav.partner")}
                  </NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
          <LanguageSwitcher />
          <AccountMenu user={user} />
        </div>
      </header>
    </>
  );
}

/** A plain form: it works without JavaScript and reloads the page so that every string, date and direction follow. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const redirectTo = `${location.pathname}${location.search}`;
  return (
    <form method="post" action="/set-locale" className="language-switcher" aria-label={t("nav.language")}>
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {SUPPORTED_LOCALES.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-current={i18n.language === locale ? "true" : undefined}
          className="link-button"
        >
          {/* On a phone the header holds one row: the code is shown, the name is still what is read out. */}
          <span className="language-name">{LOCALE_NAMES[locale]}</span>
          <span className="language-code" aria-hidden="true">
            {locale.toUpperCase()}
          </span>
        </button>
      ))}
    </form>
  );
}

function AccountMenu({ user }: { user: { displayName: string; role: string } | null }) {
  const { t } = useTranslation();
  if (!user) {
    return (
      <div className="account-links">
        <Link to="/login">{t("nav.login")}</Link>
        <Link to="/signup" className="button small">
          {t("nav.signup")}
        </Link>
      </div>
    );
  }
  return (
    <details className="account-menu">
      <summary>
        <span className="visually-hidden">{t("nav.accountMenu")}: </span>
        <bdi>{user.displayName}</bdi>
      </summary>
      <ul>
        <li>
          <Link to="/account" reloadDocument>
            {t("nav.account")}
          </Link>
        </li>
        <li>
          <Form method="post" action="/logout">
            <button type="submit" className="link-button">
              {t("nav.logout")}
            </button>
          </Form>
        </li>
      </ul>
    </details>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  const root = useRouteLoaderData<typeof rootLoader>("root");
  return (
    <footer className="site-footer">
      <p>{t("footer.about", { org: root?.orgName ?? "Tamkeen" })}</p>
      <p>{t("footer.openSource")}</p>
    </footer>
  );
}
