import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AuthSession } from './auth-session.entity';

/** A refresh token, stored only as its SHA-256. Once rotated (`replacedAt` set), presenting it again revokes the session. */
@Entity('refresh_token')
@Index('IDX_refresh_token_session', ['sessionId'])
export class RefreshToken {
  /** hex SHA-256 of the token */
  @PrimaryColumn('text')
  tokenHash: string;

  @Column('uuid')
  sessionId: string;

  @ManyToOne(() => AuthSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: AuthSession;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { nullable: true })
  replacedAt: Date | null;
}
