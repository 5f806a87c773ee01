import { render } from 'preact';
import { FeedbackApp } from './FeedbackApp.tsx';
import '../survey/survey.css';
import './feedback.css';

const root = document.getElementById('app');
if (root) render(<FeedbackApp />, root);
