import { Link } from 'react-router';
import { usePageTitle } from '../components/usePageTitle.ts';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <h1>This page does not exist</h1>
      <p>
        The address may be mistyped or out of date. <Link to="/">Go to your home page</Link>.
      </p>
    </>
  );
}
