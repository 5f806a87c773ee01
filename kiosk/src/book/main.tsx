import { render } from 'preact';
import { BookPage } from './BookPage.tsx';
import './book.css';

const root = document.getElementById('app');
const query = new URLSearchParams(location.search);
if (root) render(<BookPage officeId={query.get('office')} bookingId={query.get('booking')} />, root);
