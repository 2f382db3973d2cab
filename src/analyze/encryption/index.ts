export { type EtcdAccess, readStorage, type StoredObject, storedAs } from './etcd.js';
