/** The pure rules alone, for browser bundles that need them without the API contracts. */
export * from './gdpr-status.rules';
export * from './agreement-state.rules';
export * from './coverage.rules';
