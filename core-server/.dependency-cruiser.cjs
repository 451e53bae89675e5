/**
 * The house's boundaries, checked by `npm run lint` (dependency-cruiser). ARCHITECTURE.md explains
 * each rule; test/lint-boundaries.spec.ts proves each one fails on a planted violation.
 * Paths are relative to core-server/; shared/ is cruised as ../shared/src.
 */
const COMPOSITION_ROOT = '^src/(app|container|routes|server|main)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'only-repositories-import-db',
      comment: "Prisma lives behind repositories: only *.repository.ts, a module's repository set (*.repositories.ts), the transactions (persistence/) and the composition root import db/.",
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/db/', '^src/persistence/', '\\.repositor(y|ies)\\.ts$', COMPOSITION_ROOT, '^src/cli/'] },
      to: { path: '^src/db/' },
    },
    {
      name: 'modules-meet-through-facades',
      comment: "A module imports another module only through that module's index.ts (its facade).",
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'nothing-imports-upward-into-http',
      comment: 'http/ (route binder, multipart, error middleware, dashboard) sits on top: only the app composes it.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/http/', '^src/app\\.ts$'] },
      to: { path: '^src/http/' },
    },
    {
      name: 'kernel-uses-nothing-of-theirs',
      comment: 'The kernel is what every module may use; it imports no module, no infrastructure.',
      severity: 'error',
      from: { path: '^src/kernel/' },
      to: { path: '^src/', pathNot: '^src/kernel/' },
    },
    {
      name: 'modules-do-not-import-the-composition-root',
      comment: 'Modules get what they need through their deps; the wiring knows them, not the other way round.',
      severity: 'error',
      from: { path: '^src/(modules|kernel|persistence)/' },
      to: { path: COMPOSITION_ROOT },
    },
    {
      name: 'infrastructure-does-not-import-modules',
      comment: 'db, jobs, cluster, storage, media, mail and openapi serve modules through kernel ports and never call into them.',
      severity: 'error',
      from: { path: '^src/(db|jobs|cluster|storage|media|mail|openapi|http)/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'transactions-know-no-module',
      comment: "persistence/ runs transactions for every module; each module brings its own repositories, so it imports none.",
      severity: 'error',
      from: { path: '^src/persistence/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'controllers-see-only-their-facade',
      comment: "A controller binds contract operations to its module's facade; it never reaches for services or repositories.",
      severity: 'error',
      from: { path: '\\.controller\\.ts$' },
      to: { path: ['\\.(service|repository)\\.ts$', '^src/persistence/'] },
    },
    {
      name: 'production-does-not-load-dev-tools',
      comment: 'dev/ holds test and development tools (the BankID simulator); src/ never imports them.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^dev/' },
    },
    {
      name: 'shared-imports-no-node-builtins',
      comment: 'shared/ runs in browsers, WordPress builds and Office add-ins: no node: modules.',
      severity: 'error',
      from: { path: '(^|/)shared/src/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-import-cycles',
      comment: 'Runtime import cycles make start-up order matter; type-only cycles (facade types) are harmless.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)src/db/generated/' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] },
  },
};
