import './metering.css';
import { useTranslation } from 'react-i18next';
import { daysBefore, meteringApi } from '../../../api/metering-api.ts';
import { useApi } from '../../../api/use-api.ts';
import { DataText } from '../../../components/data-text.tsx';
import { ErrorMessage } from '../../../components/error-message.tsx';
import { Loading } from '../../../components/loading.tsx';

/** Days shown: the last week before today. */
const DAYS_SHOWN = 7;

/** Collection success rate (采集成功率) per reading book and day. */
export function ReadingBooksPage() {
  const { t } = useTranslation();
  const from = daysBefore(DAYS_SHOWN);
  const to = daysBefore(1);
  const books = useApi(() => meteringApi.collection(from, to), `books:${from}:${to}`);
  const dates = books.data?.[0]?.days.map((d) => d.date) ?? [];
  return (
    <section data-testid="reading-books-page">
      <h2>{t('metering.books.title')}</h2>
      <p className="muted small">{t('metering.books.intro')}</p>
      {books.loading && <Loading />}
      {books.error && <ErrorMessage error={books.error} onRetry={books.reload} />}
      {books.data && books.data.length === 0 && <p className="muted">{t('metering.books.empty')}</p>}
      {books.data && books.data.length > 0 && (
        <div className="table-scroll">
          <table className="stack-table" data-testid="books-table">
            <thead>
              <tr>
                <th>{t('metering.books.book')}</th>
                <th>{t('metering.books.meters')}</th>
                {dates.map((d) => (
                  <th key={d} className="mono">
                    {d.slice(5)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {books.data.map((b) => (
                <tr key={b.bookId} data-testid="book-row" data-book-id={b.bookId}>
                  <td data-label={t('metering.books.book')}>
                    <DataText>{b.name}</DataText> <span className="muted small mono">{b.code}</span>
                  </td>
                  <td data-label={t('metering.books.meters')}>{b.days[0]?.meters ?? 0}</td>
                  {b.days.map((d) => (
                    <td
                      key={d.date}
                      data-label={d.date}
                      data-testid="book-rate"
                      className={d.ratePercent >= 98 ? 'rate-good' : d.ratePercent >= 90 ? 'rate-fair' : 'rate-poor'}
                    >
                      {d.ratePercent.toFixed(1)}%
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
