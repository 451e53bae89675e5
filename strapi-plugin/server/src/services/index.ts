import connection from './connection';
import enforcer from './enforcer';
import entries from './entries';
import hiding from './hiding';
import library from './library';
import linkJob from './link-job';
import links from './links';
import publication from './publication';
import settings from './settings';
import uploads from './uploads';
import webhook from './webhook';

export default { connection, enforcer, entries, hiding, library, 'link-job': linkJob, links, publication, settings, uploads, webhook };
