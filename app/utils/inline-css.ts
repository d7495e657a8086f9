import { createContext, useContext } from "react";

/** The stylesheet's text when this document carries it inline (a first visit; see first-visit-css.server.ts). */
export const InlineCssContext = createContext<string | null>(null);
export const useInlineCss = () => useContext(InlineCssContext);
