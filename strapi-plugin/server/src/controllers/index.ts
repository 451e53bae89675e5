import library from './library';
import settings from './settings';
import status from './status';
import webhook from './webhook';

export default { library, settings, status, webhook };
