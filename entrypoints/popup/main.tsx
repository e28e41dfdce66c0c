import { render } from 'preact';
import '@/components/phone.css';
import '@/components/calls.css';
import { App } from './App';

document.documentElement.lang = browser.i18n.getUILanguage();
const params = new URLSearchParams(location.search);
render(
  <App view={params.get('view')} number={params.get('number')} />,
  document.getElementById('app')!,
);
