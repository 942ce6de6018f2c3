/** Settings as read from the environment; a plain record so tests can pass just what they need. */
export type Environment = Readonly<Record<string, string | undefined>>;
