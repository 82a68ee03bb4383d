import { GraphQLError } from 'graphql';

export type ErrorCode = 'NOT_FOUND' | 'BAD_USER_INPUT' | 'QUERY_TOO_COMPLEX' | 'INTERNAL_SERVER_ERROR';

/** Every error Jämför returns on purpose: a message for people and a stable code for programs. */
export class JamforError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class NotFoundError extends JamforError {
  constructor(what: string, code: string) {
    super(`${what} "${code}" not found`, 'NOT_FOUND', { what, key: code });
  }
}

export class BadUserInputError extends JamforError {
  constructor(message: string, argument?: string) {
    super(message, 'BAD_USER_INPUT', argument ? { argument } : {});
  }
}
