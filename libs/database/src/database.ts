import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * An open transaction. Services receive it from `Transactions.run` and hand it on (to repositories, the outbox,
 * the audit writer); only repositories run SQL on it.
 */
export type Transaction = EntityManager;

/**
 * What SQL runs on. `query()` answers the rows of a SELECT (or of `INSERT … RETURNING`), and `[rows, affected]`
 * for `UPDATE`/`DELETE` (TypeORM's PostgreSQL driver).
 */
export interface SqlRunner {
  query<T = any>(sql: string, parameters?: unknown[]): Promise<T>;
}

/**
 * Where a repository's SQL runs: inside the caller's transaction when it passes one, else on the pool.
 * Reads that may lag a little (lists, search) take `read()`; writes, and reads that must see them, take `write()`.
 * Both are the primary for now; a read replica later changes `read()` and no repository or service.
 */
@Injectable()
export class Database {
  constructor(private readonly dataSource: DataSource) {}

  read(tx?: Transaction): SqlRunner {
    return tx ?? this.dataSource.manager;
  }

  write(tx?: Transaction): SqlRunner {
    return tx ?? this.dataSource.manager;
  }
}

/** Transactions for services: they hold the rules and the transaction boundary, never a query. */
@Injectable()
export class Transactions {
  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction on the primary: committed when it resolves, rolled back when it throws. */
  run<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
