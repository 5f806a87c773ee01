import { render } from 'preact';
import { TicketPage, ticketIdFromPath } from './TicketPage.tsx';
import '../survey/survey.css';
import './ticket.css';

const root = document.getElementById('app');
const id = ticketIdFromPath(location.pathname) ?? new URLSearchParams(location.search).get('id');
if (root) render(id ? <TicketPage id={id} /> : <p>Numerek</p>, root);
