const { winston } = require('@strapi/logger');

module.exports = {
  transports: [new winston.transports.Console({ level: process.env.STRAPI_LOG_LEVEL || 'warn', format: winston.format.simple() })],
};
