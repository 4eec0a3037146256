// A new password's form rules, the same wherever one is set (操作员, 开启多人模式, 创建第一个管理员): the service
// checks them again (shared/api-operators.ts).
import { PASSWORD_MIN_LENGTH } from '../../../../shared/api-operators';

export function passwordRules(required: boolean) {
  return [
    { required, message: '请设置密码' },
    { min: PASSWORD_MIN_LENGTH, message: `密码至少 ${PASSWORD_MIN_LENGTH} 个字符` },
  ];
}

/** 再输入一次密码 must match the field named password. */
export function confirmRule({ getFieldValue }: { getFieldValue: (name: string) => unknown }) {
  return {
    validator: (_: unknown, value: unknown) => (value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致'))),
  };
}
