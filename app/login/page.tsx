export default function Login() {
  return <main className="p-6"><h1>Sign in</h1></main>;
}
