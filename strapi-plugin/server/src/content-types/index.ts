import mediaLink from './media-link/schema.json';
import usage from './usage/schema.json';

export default {
  'media-link': { schema: mediaLink },
  usage: { schema: usage },
};
