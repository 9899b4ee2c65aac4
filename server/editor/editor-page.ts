/** The editor console's one page: its script and stylesheet are files (no inline code: same CSP as the rest). */
export const EDITOR_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Herald editor</title>
<link rel="stylesheet" href="/editor/editor.css">
</head>
<body>
<header><h1>Herald editor</h1><button type="button" id="signout" hidden>Sign out</button></header>
<main></main>
<script src="/editor/app.js"></script>
</body>
</html>
`;
