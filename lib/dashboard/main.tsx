import { render } from 'preact';
import './styles.css';
import { App } from './_app.tsx';

render(<App />, document.getElementById('app')!);
