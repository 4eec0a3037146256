// 操作员's channels (declared in shared/api-operators.ts) and the service function serving each.
import type { HandlerSubset } from '../../platform/handler-types';
import {
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
  | 'session.current'
  | 'session.signIn'
  | 'session.signOut'
> = {
  'operators.list': (ctx) => listOperators(ctx),
  'operators.create': createOperator,
  'operators.update': updateOperator,
  'operators.setPassword': setOperatorPassword,
  'operators.disable': disableOperator,
  'operators.setMultiUser': setMultiUser,
  'session.current': (ctx) => currentSession(ctx),
  'session.signIn': signIn,
  'session.signOut': (ctx) => signOut(ctx),
};
