import type { Locale } from './notification-channel.ts';

export type TemplateId =
  'balance_warning' | 'stop_imminent' | 'tripped' | 'restored' | 'bill_released' | 'payment_received' | 'staff_alarm';

export interface MessageTemplate {
  subject: string;
  body: string;
}

/**
 * Message texts, zh-CN first. Placeholders are `{name}`; amounts arrive formatted in yuan
 * (`formatYuan`) and dates as local `YYYY-MM-DD`, so templates never do arithmetic.
 */
export const MESSAGE_TEMPLATES: Readonly<Record<TemplateId, Record<Locale, MessageTemplate>>> = {
  balance_warning: {
    'zh-CN': {
      subject: '电费余额不足提醒',
      body: '尊敬的客户，您的户号{accountId}可用余额为{balanceYuan}元，已低于预警值{warningYuan}元，预计可用{daysLeft}天，请及时缴费。',
    },
    en: {
      subject: 'Low electricity balance',
      body: 'Dear customer, the available balance of account {accountId} is {balanceYuan} yuan, below your warning line of {warningYuan} yuan; it should last about {daysLeft} days. Please top up.',
    },
  },
  stop_imminent: {
    'zh-CN': {
      subject: '即将停电提醒',
      body: '尊敬的客户，您的户号{accountId}可用余额为{balanceYuan}元，余额耗尽后将于{stopAt}起远程停电，请尽快缴费。',
    },
    en: {
      subject: 'Supply will be cut soon',
      body: 'Dear customer, the available balance of account {accountId} is {balanceYuan} yuan. Once it runs out, supply will be cut remotely from {stopAt}. Please top up soon.',
    },
  },
  tripped: {
    'zh-CN': {
      subject: '欠费停电通知',
      body: '尊敬的客户，您的户号{accountId}因余额不足已于{at}远程停电，当前余额{balanceYuan}元。缴费超过{restoreYuan}元后将自动复电。',
    },
    en: {
      subject: 'Supply cut for lack of balance',
      body: 'Dear customer, supply to account {accountId} was cut remotely at {at}; the balance is {balanceYuan} yuan. It is restored automatically once the balance exceeds {restoreYuan} yuan.',
    },
  },
  restored: {
    'zh-CN': {
      subject: '复电通知',
      body: '尊敬的客户，您的户号{accountId}已于{at}恢复供电，当前余额{balanceYuan}元。',
    },
    en: {
      subject: 'Supply restored',
      body: 'Dear customer, supply to account {accountId} was restored at {at}; the balance is {balanceYuan} yuan.',
    },
  },
  bill_released: {
    'zh-CN': {
      subject: '{period}电费账单',
      body: '尊敬的客户，您的户号{accountId}{period}用电{kwh}千瓦时，电费{amountYuan}元，请于{dueDate}前缴纳。',
    },
    en: {
      subject: 'Electricity bill for {period}',
      body: 'Dear customer, account {accountId} used {kwh} kWh in {period}; the bill is {amountYuan} yuan, due by {dueDate}.',
    },
  },
  payment_received: {
    'zh-CN': {
      subject: '缴费成功',
      body: '尊敬的客户，您的户号{accountId}于{at}通过{channel}缴费{amountYuan}元，当前余额{balanceYuan}元。',
    },
    en: {
      subject: 'Payment received',
      body: 'Dear customer, {amountYuan} yuan was paid to account {accountId} via {channel} at {at}; the balance is now {balanceYuan} yuan.',
    },
  },
  staff_alarm: {
    'zh-CN': { subject: '【告警】{title}', body: '{title}：{detail}（对象{subject}，时间{at}）。请及时处理。' },
    en: { subject: '[Alarm] {title}', body: '{title}: {detail} (object {subject}, at {at}). Please act.' },
  },
};
