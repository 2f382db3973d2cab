import { ClusterError } from '../cluster/index.js';
import { UsageError } from './io.js';

/** A cluster that cannot be read is an input error (exit 2), worded by the cluster module. */
export async function clusterErrors<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ClusterError) throw new UsageError(error.message);
    throw error;
  }
}
