// 操作员's channels (declared in shared/api-operators.ts) and the service function serving each.
import type { HandlerSubset } from '../../platform/handler-types';
import { listConnected } from './sessions';
import {
  createFirstAdmin,
  createOperator,
  currentSession,
  disableOperator,
  listOperators,
  setMultiUser,
  setOperatorPassword,
  signIn,
  signOut,
  updateOperator,
} from './service';

export const operatorsHandlers: HandlerSubset<
  | 'operators.list'
  | 'operators.create'
  | 'operators.update'
  | 'operators.setPassword'
  | 'operators.disable'
  | 'operators.setMultiUser'
  | 'operators.sessions'
  | 'session.current'
  | 'session.signIn'
  | 'session.createFirstAdmin'
  | 'session.signOut'
> = {
  'operators.list': (ctx) => listOperators(ctx),
  'operators.create': createOperator,
  'operators.update': updateOperator,
  'operators.setPassword': setOperatorPassword,
  'operators.disable': disableOperator,
  'operators.setMultiUser': setMultiUser,
  'operators.sessions': (ctx) => listConnected(ctx),
  'session.current': (ctx) => currentSession(ctx),
  'session.signIn': signIn,
  'session.createFirstAdmin': createFirstAdmin,
  'session.signOut': (ctx) => signOut(ctx),
};
