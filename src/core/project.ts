/** Where Rampart lives: links in reports and rule metadata point here. */
export const REPOSITORY_URL = 'https://github.com/rampart-dev/rampart';
export const DOCS_URL = `${REPOSITORY_URL}/blob/main/docs`;
