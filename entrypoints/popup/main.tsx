import { render } from 'preact';
import '@/components/phone.css';
import '@/components/calls.css';
import { App } from './App';

document.documentElement.lang = browser.i18n.getUILanguage();
render(
  <App view={new URLSearchParams(location.search).get('view')} />,
  document.getElementById('app')!,
);
