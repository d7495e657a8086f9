import type { RouteHandle } from "~/root";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Link } from "~/components/link";
import { useTranslation } from "react-i18next";
import { getUser } from "~/utils/auth.server";
import { env } from "~/utils/env.server";
import { getTranslator } from "~/utils/i18n.server";

/** A visitor's copy depends only on the URL and the language: kept by the server (server/document-cache.js). */
export const handle: RouteHandle = { sameForEveryVisitor: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "description", content: data?.description }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [t, user] = await Promise.all([getTranslator(request), getUser(request)]);
  return {
    title: `${env.ORG_NAME} — ${t("home.tagline")}`,
    description: t("home.intro"),
    signedIn: Boolean(user),
  };
}

const TOPICS = ["communication", "proposalWriting", "crowdfunding", "itTraining"] as const;

export default function HomePage() {
  const { signedIn } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <section className="hero" aria-labelledby="home-title">
        <h1 id="home-title">{t("home.tagline")}</h1>
        <p className="lead">{t("home.intro")}</p>
        <p className="actions">
          {signedIn ? (
            <Link to="/account" className="button">
              {t("home.ctaAccount")}
            </Link>
          ) : (
            <>
              <Link to="/signup" className="button">
                {t("home.ctaSignup")}
              </Link>
              <Link to="/login" className="button secondary">
                {t("nav.login")}
              </Link>
            </>
          )}
        </p>
      </section>
      <section className="page" aria-labelledby="topics-title">
        <h2 id="topics-title">{t("home.topicsTitle")}</h2>
        <p>
          <Link to="/courses" className="button secondary">
            {t("home.ctaCourses")}
          </Link>
        </p>
        <ul className="card-grid">
          {TOPICS.map((topic) => (
            <li key={topic} className="card">
              <h3>{t(`home.topics.${topic}.title`)}</h3>
              <p>{t(`home.topics.${topic}.body`)}</p>
            </li>
          ))}
        </ul>
        <h2>{t("home.howTitle")}</h2>
        <ol className="steps-list">
          <li>{t("home.how.signup")}</li>
          <li>{t("home.how.enrol")}</li>
          <li>{t("home.how.learn")}</li>
          <li>{t("home.how.certificate")}</li>
        </ol>
      </section>
    </>
  );
}
