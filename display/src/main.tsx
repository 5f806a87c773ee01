import { render } from 'preact';
import { Placeholder } from './Placeholder.tsx';

const root = document.getElementById('app');
if (root) render(<Placeholder />, root);
