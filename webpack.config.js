// Bundles the extension and the CLI. The AWS SDK is reached only through dynamic import()
// in src/aws, so webpack puts it in its own chunk, loaded on the first AWS action.
'use strict';
const path = require('path');
const webpack = require('webpack');

/** @param {string} name @param {string} entry @returns {import('webpack').Configuration} */
function bundle(name, entry, extra = {}) {
  return {
    name,
    target: 'node20',
    entry: { [name]: entry },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      chunkFilename: `${name}.[name].chunk.js`,
      libraryTarget: 'commonjs2',
      clean: false,
    },
    resolve: { extensions: ['.ts', '.js'], mainFields: ['main', 'module'] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: { configFile: 'tsconfig.build.json', transpileOnly: false },
          },
        },
      ],
    },
    devtool: 'nosources-source-map',
    performance: { hints: false },
    stats: 'minimal',
    // One lazy chunk for the AWS SDK rather than several vendor fragments.
    optimization: { splitChunks: false },
    ...extra,
  };
}

module.exports = [
  bundle('extension', './src/vscode/extension.ts', { externals: { vscode: 'commonjs vscode' } }),
  // Its own file: the extension starts it as a worker thread for big templates.
  bundle('parseWorker', './src/offThread/parseWorker.ts'),
  bundle('cli', './src/cli/bin.ts', {
    plugins: [
      new webpack.BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }),
      new webpack.DefinePlugin({
        __TOOL_VERSION__: JSON.stringify(require('./package.json').version),
      }),
    ],
  }),
];
