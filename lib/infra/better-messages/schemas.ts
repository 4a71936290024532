/** Every schema and inferred type of the Better Messages client, from one import. */
export * from './schemas-common';
export * from './schemas-thread';
export * from './schemas-admin';
