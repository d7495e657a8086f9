import { data } from "@remix-run/node";

// Unknown URLs reach the root error boundary as a 404, in the visitor's language.
export async function loader() {
  throw data({ reason: "notFound" }, { status: 404 });
}

export async function action() {
  throw data({ reason: "notFound" }, { status: 404 });
}

export default function NotFound() {
  return null;
}
