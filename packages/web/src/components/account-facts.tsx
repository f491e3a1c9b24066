import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountSummary, ReadingBook } from '../api/api-types.ts';
import { DataText } from './data-text.tsx';
import { FieldList } from './field-list.tsx';

/** The master data of one account (户号) as label/value pairs. */
export function AccountFacts(props: { account: AccountSummary; readingBook?: ReadingBook | null }) {
  const { t } = useTranslation();
  const a = props.account;
  const fields: { label: string; value: ReactNode; testId?: string }[] = [
    { label: t('account.accountNo'), value: <span className="mono">{a.accountNo}</span>, testId: 'account-no' },
    { label: t('account.holder'), value: <DataText>{a.customerName}</DataText>, testId: 'account-holder' },
    { label: t('account.address'), value: <DataText>{a.address}</DataText> },
    { label: t('account.paymentMode'), value: t(`paymentMode.${a.paymentMode}`) },
    { label: t('account.customerClass'), value: t(`customerClass.${a.customerClass}`) },
    { label: t('account.voltageLevel'), value: a.voltageLevel },
    { label: t('account.capacity'), value: t('account.capacityValue', { value: a.contractedCapacityKva }) },
    { label: t('account.org'), value: <DataText>{a.orgName}</DataText> },
    { label: t('account.status'), value: t(`accountStatus.${a.status}`) },
  ];
  if (props.readingBook !== undefined) {
    const rb = props.readingBook;
    fields.push({
      label: t('account.readingBook'),
      value: rb ? (
        <>
          <span className="mono">{rb.code}</span> <DataText>{rb.name}</DataText>{' '}
          <span className="muted">({t('account.readingDayValue', { day: rb.readingDay })})</span>
        </>
      ) : (
        t('common.none')
      ),
      testId: 'reading-book',
    });
  }
  return <FieldList fields={fields} />;
}
